import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { DataSource as DataSourceClass, DataSourceOptions } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionBundleOptions } from './function-bundle-settings';
import * as standIns from './typeorm-driver-stand-ins';

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));

describe('function bundles leave out the TypeORM drivers no function uses', () => {
  let workDir: string;
  let bundledFiles: string[];
  let DataSource: typeof DataSourceClass;

  beforeAll(async () => {
    // Inside the repository, where the bundle finds the packages it leaves external (better-sqlite3).
    const cacheDir = path.join(repositoryRoot, 'node_modules', '.cache');
    mkdirSync(cacheDir, { recursive: true });
    workDir = mkdtempSync(path.join(cacheDir, 'typeorm-drivers-'));
    const entry = path.join(workDir, 'entry.ts');
    writeFileSync(entry, "export { DataSource } from 'typeorm';\n");
    const outfile = path.join(workDir, 'entry.mjs');
    const { metafile } = await build({ ...functionBundleOptions(entry, Number(process.versions.node.split('.')[0])), absWorkingDir: repositoryRoot, outfile, metafile: true });
    bundledFiles = Object.keys(metafile.inputs);
    ({ DataSource } = (await import(pathToFileURL(outfile).href)) as { DataSource: typeof DataSourceClass });
  }, 60_000);

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  const bundles = (file: string) => bundledFiles.some((input) => input.endsWith(file));

  it('bundles the PostgreSQL and better-sqlite3 drivers and none of the others', () => {
    expect(bundles('node_modules/typeorm/driver/postgres/PostgresDriver.js')).toBe(true);
    expect(bundles('node_modules/typeorm/driver/better-sqlite3/BetterSqlite3Driver.js')).toBe(true);
    const leftOut = Object.keys(standIns);
    expect(leftOut).toHaveLength(15);
    expect(leftOut.filter((driver) => bundles(`/${driver}.js`))).toEqual([]);
  });

  it('connects to SQLite from the bundle', async () => {
    const dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    try {
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await dataSource.destroy();
    }
  });

  it.each(['mysql', 'mariadb', 'mongodb', 'mssql', 'aurora-postgres'])('refuses a %s data source with an error that says why', (type) => {
    expect(() => new DataSource({ type } as DataSourceOptions)).toThrow(/^TypeORM's [\w/-]+ driver is left out of function bundles: functions connect to PostgreSQL or better-sqlite3$/);
  });
});
