import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../core/database/data-source';
import type { DatabaseConfig } from '../../core/database/database.config';

export type Engine = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL points at a server (CI sets it when one answers). */
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  engine: Engine;
  config: DatabaseConfig;
  /** The variables that point another process (a Lambda, the monolith) at this database. */
  env: Record<string, string>;
  /** Drops everything this database holds. */
  dispose(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a SQLite file in a temporary folder, or a
 * PostgreSQL schema of its own (selected with search_path), so parallel files never meet.
 */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), '24hv-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'sqlite') {
    const config = { dataDir, sqlitePath: path.join(dataDir, '24hv.sqlite') };
    return { engine, config, env: { DATA_DIR: dataDir }, dispose: async () => removeDir() };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const baseUrl = process.env.TEST_DATABASE_URL!;
  const admin = createDataSource({ dataDir, sqlitePath: '', databaseUrl: baseUrl }, { poolSize: 1 });
  await admin.initialize();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.destroy();
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const config = { dataDir, sqlitePath: '', databaseUrl: url.toString() };
  return {
    engine,
    config,
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    dispose: async () => {
      const cleanup = createDataSource({ dataDir, sqlitePath: '', databaseUrl: baseUrl }, { poolSize: 1 });
      await cleanup.initialize();
      await cleanup.query(`DROP SCHEMA "${schema}" CASCADE`);
      await cleanup.destroy();
      removeDir();
    },
  };
}

/** An initialized, migrated data source on a test database. */
export async function openMigrated(database: TestDatabase): Promise<DataSource> {
  const dataSource = await createDataSource(database.config, { poolSize: 4 }).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
