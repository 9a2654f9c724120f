import { spawnSync } from 'node:child_process';
import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployedFunctions } from './deployed-functions';
import { resourceNames } from './resource-names';
import { lambdaEnvironment } from './sample-environment.test-kit';
import { discardStage, functionLogicalId, resourcesOf, synthesizeStage, type SynthesizedStage } from './synth-test-kit';

const names = resourceNames('dev');

/** Makes every outgoing connection and name lookup of this process fail, and records the attempts. */
function blockNetwork() {
  const attempts: string[] = [];
  const saved = { connect: net.Socket.prototype.connect, lookup: dns.lookup, promisesLookup: dns.promises.lookup, fetch: globalThis.fetch };
  const refuse = (what: string) => {
    attempts.push(what);
    throw new Error(`network access during synthesis: ${what}`);
  };
  net.Socket.prototype.connect = function (...args: unknown[]) {
    return refuse(`connect ${JSON.stringify(args[0])}`);
  } as typeof net.Socket.prototype.connect;
  dns.lookup = ((host: string) => refuse(`lookup ${host}`)) as unknown as typeof dns.lookup;
  dns.promises.lookup = ((host: string) => refuse(`lookup ${host}`)) as typeof dns.promises.lookup;
  globalThis.fetch = ((input: unknown) => refuse(`fetch ${String(input)}`)) as typeof fetch;
  return {
    attempts,
    restore() {
      net.Socket.prototype.connect = saved.connect;
      dns.lookup = saved.lookup;
      dns.promises.lookup = saved.promisesLookup;
      globalThis.fetch = saved.fetch;
    },
  };
}

describe('synthesis with bundling, as npm run synth does it', () => {
  let stage: SynthesizedStage;
  let networkAttempts: string[] = [];
  beforeAll(() => {
    const network = blockNetwork();
    try {
      stage = synthesizeStage({}, { bundle: true });
    } finally {
      network.restore();
      networkAttempts = network.attempts;
    }
  }, 120_000);
  afterAll(() => discardStage(stage));

  /** The bundled handler file of a function, in the cloud assembly. */
  const bundleOf = (name: string) => {
    const fn = resourcesOf(stage.stateless, 'AWS::Lambda::Function')[functionLogicalId(stage.stateless, names.functionName(name))]!;
    const assetHash = String((fn.Properties?.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
    return path.join(stage.outdir, `asset.${assetHash}`, 'index.mjs');
  };

  it('makes no network call (no context lookups, no connections)', () => {
    expect(networkAttempts).toEqual([]);
    expect(stage.app.synth().manifest.missing).toBeUndefined();
  });

  it('finishes well under a minute, bundling every function', () => {
    expect(stage.durationMs).toBeLessThan(60_000);
  });

  it('bundles the code and its packages but not the native SQLite addon or the npm ffmpeg builds', () => {
    const bundle = readFileSync(bundleOf('legacy-monolith'), 'utf8');
    // esbuild marks each bundled file with a comment naming it.
    for (const bundled of ['node_modules/typeorm/', 'node_modules/express/', 'node_modules/@aws-sdk/client-lambda/', 'legacy-app/compose-monolith.ts']) expect(bundle).toContain(`// ${bundled}`);
    for (const external of ['better-sqlite3', 'ffprobe-static', '@ffmpeg-installer/ffmpeg']) expect(bundle).not.toContain(`// node_modules/${external}/`);
  });

  it('bundles each function on its own', () => {
    const functions = deployedFunctions({ kind: 'function' });
    expect(new Set(functions.map((definition) => readFileSync(bundleOf(definition.name), 'utf8'))).size).toBe(functions.length);
  });

  it('bundles TypeORM with its PostgreSQL driver and stand-ins for the drivers no function uses', () => {
    const bundle = readFileSync(bundleOf('auth'), 'utf8');
    expect(bundle).toContain('// node_modules/typeorm/driver/postgres/PostgresDriver.js');
    expect(bundle).toContain('// infra/typeorm-driver-stand-ins.ts');
    for (const leftOut of ['mysql/MysqlDriver.js', 'oracle/OracleDriver.js', 'mongodb/MongoDriver.js']) expect(bundle).not.toContain(`// node_modules/typeorm/driver/${leftOut}`);
  });

  it.each(deployedFunctions({ kind: 'function' }).map((definition) => [definition.name]))('%s carries the PostgreSQL driver TypeORM requires by name', (name) => {
    expect(readFileSync(path.join(path.dirname(bundleOf(name)), 'node_modules/pg/index.js'), 'utf8')).toContain('// node_modules/pg/lib/');
  });

  it('connects to PostgreSQL from the bundle alone: the driver loads, the (closed) server refuses', () => {
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(bundleOf('authorizer')).href)});
      try { await handler({ headers: { authorization: 'Bearer x' } }); console.log('answered'); } catch (error) { console.log(String(error?.message ?? error)); }`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: stage.outdir,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...lambdaEnvironment('authorizer'), DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stdout).toMatch(/ECONNREFUSED/);
  });

  it.each(deployedFunctions({ kind: 'function' }).map((definition) => [definition.name, definition] as const))(
    '%s loads from its bundle alone, outside the repository, and exports its handler',
    (name, definition) => {
      const script = `const m = await import(${JSON.stringify(pathToFileURL(bundleOf(name)).href)}); if (typeof m[${JSON.stringify(definition.handler)}] !== 'function') throw new Error('no handler');`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: stage.outdir,
        env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...lambdaEnvironment(name) },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.stderr.split('\n').filter((line) => line.includes('Error')), name).toEqual([]);
      expect(result.status, name).toBe(0);
    },
  );
});
