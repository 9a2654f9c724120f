import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { portVariable, readEnv } from '../../core/config/read-env';
import { createDataSource } from '../../core/database/data-source';
import { readDatabaseConfig } from '../../core/database/database.config';
import { createLogger } from '../../core/logging/create-logger';
import { runMain } from '../../core/process/run-main';
import { startChild, stopChild, type ManagedChild } from './child-process';
import { ensureLocalSecrets } from './local-secrets';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const logger = createLogger('start');

/** Applies pending migrations to the configured database (the embedded SQLite file by default). */
async function migrate(): Promise<void> {
  const dataSource = await createDataSource(readDatabaseConfig()).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.info({ applied: applied.map((migration) => migration.name) }, 'database migrated');
  } finally {
    await dataSource.destroy();
  }
}

function printBanner(urls: Record<string, string>, adminTokenFile: string): void {
  console.log(`
24-Hour Video is running.

  API (edge proxy)     ${urls.proxy}        <- customers call this
  monolith             ${urls.legacy}
  Lambda runtime       ${urls.runtime}      (Invoke API)

  Engineers' token     ${path.relative(root, adminTokenFile)}
  Move a capability    npm run strangler -- flip auth shadow --reason "compare the auth Lambda on real traffic"
                       npm run strangler -- parity    then: canary auth 10 / ramp auth 5,25,50,100 / flip auth lambda
  See where it stands  npm run strangler -- status
  A customer journey   npm run journey     (sign up, upload, transcode, metadata, webhook, e-mail)

Ctrl-C stops everything.
`);
}

/** `npm start`: the whole system on one machine with embedded defaults. */
async function main(): Promise<void> {
  const ports = readEnv(z.object({ EDGE_PORT: portVariable(3000), LEGACY_PORT: portVariable(3001), LAMBDA_RUNTIME_PORT: portVariable(3002) }));
  const { dataDir } = readDatabaseConfig();
  const secrets = ensureLocalSecrets(dataDir);
  await migrate();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    ...(process.env.JWT_PRIVATE_KEY ? {} : { JWT_PRIVATE_KEY_FILE: secrets.privateKeyFile, JWT_PUBLIC_KEY_FILE: secrets.publicKeyFile }),
    STRANGLER_ADMIN_TOKEN: process.env.STRANGLER_ADMIN_TOKEN ?? secrets.adminToken,
    EDGE_PORT: String(ports.EDGE_PORT),
    LEGACY_PORT: String(ports.LEGACY_PORT),
    LAMBDA_RUNTIME_PORT: String(ports.LAMBDA_RUNTIME_PORT),
    LEGACY_URL: `http://127.0.0.1:${ports.LEGACY_PORT}`,
    // Local demos receive webhooks on this machine; in production the allowlist stays empty.
    WEBHOOK_ALLOWLIST: process.env.WEBHOOK_ALLOWLIST ?? '127.0.0.1,::1,localhost',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${ports.EDGE_PORT}`,
    LAMBDA_ENDPOINT: `http://127.0.0.1:${ports.LAMBDA_RUNTIME_PORT}`,
  };
  const children: ManagedChild[] = [];
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all([...children].reverse().map((child) => stopChild(child.process)));
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  const start = (name: string, entry: string) => {
    const child = startChild(name, path.join(root, entry), env);
    child.process.once('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ process: name, code, signal }, 'a process stopped unexpectedly; stopping the others');
      void stopAll(1);
    });
    children.push(child);
    return child.ready;
  };
  try {
    const runtime = await start('lambda-runtime', 'infra/local/lambda-runtime/lambda-runtime.main.ts');
    const legacy = await start('legacy-app', 'legacy-app/server.ts');
    const proxy = await start('edge-proxy', 'edge-proxy/server.ts');
    printBanner({ proxy, legacy, runtime }, secrets.adminTokenFile);
  } catch (error) {
    logger.error({ err: error }, 'startup failed');
    await stopAll(1);
  }
}

runMain(main);
