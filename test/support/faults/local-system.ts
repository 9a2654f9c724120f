import path from 'node:path';
import request from 'supertest';
import type { Capability } from '../../../core/flags/capabilities';
import { freePort } from '../free-port';
import { testAdminToken, testEnvironment, type ServingContext } from '../serving-modes';
import { testAuthConfig } from '../test-auth';
import { createTestDatabase, openMigrated } from '../test-database';
import { setFunctionFault, type FunctionFault } from './function-fault';
import { startServiceProcess, type ServiceProcess } from './service-process';

export type ServiceName = 'runtime' | 'monolith' | 'proxy';

const entries: Record<ServiceName, string> = {
  runtime: 'test/support/faults/faulty-runtime.main.ts',
  monolith: 'legacy-app/server.ts',
  proxy: 'edge-proxy/server.ts',
};

/** The whole system as `npm start` runs it, each part its own process on a fixed port, so any part can crash and restart. */
export interface LocalSystem {
  /** The database, for assertions (a data source of the test's own) and the data folder. */
  readonly context: ServingContext;
  readonly proxyUrl: string;
  readonly storageDir: string;
  process(name: ServiceName): ServiceProcess;
  /** SIGKILL of the part's whole process group: a crash with no chance to clean up. */
  crash(name: ServiceName): Promise<void>;
  start(name: ServiceName): Promise<void>;
  /** Moves a capability through the admin API, forced (no shadow evidence in these runs). */
  flip(capability: Capability, state: 'legacy' | 'lambda'): Promise<void>;
  setFault(functionName: string, fault: FunctionFault): void;
  stop(): Promise<void>;
}

/**
 * Starts runtime (every function behind the fault wrapper), monolith and proxy on a fresh SQLite
 * installation; `env` adds or overrides settings of all three (the test settings are short: see
 * serving-modes.ts testEnvironment).
 */
export async function startLocalSystem(env: Record<string, string> = {}): Promise<LocalSystem> {
  const database = await createTestDatabase('sqlite');
  const context: ServingContext = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
  const ports = { runtime: await freePort(), monolith: await freePort(), proxy: await freePort() };
  const urls = { runtime: `http://127.0.0.1:${ports.runtime}`, monolith: `http://127.0.0.1:${ports.monolith}`, proxy: `http://127.0.0.1:${ports.proxy}` };
  const shell = { ...process.env };
  // Whatever the developer's shell points elsewhere must not pull the processes off this installation.
  delete shell.DATABASE_URL;
  delete shell.STORAGE_DIR;
  const processEnv: NodeJS.ProcessEnv = {
    ...shell,
    ...testEnvironment(context),
    LOG_LEVEL: 'warn',
    LAMBDA_RUNTIME_PORT: String(ports.runtime),
    LEGACY_PORT: String(ports.monolith),
    EDGE_PORT: String(ports.proxy),
    LAMBDA_ENDPOINT: urls.runtime,
    LEGACY_URL: urls.monolith,
    STRANGLER_ADMIN_TOKEN: testAdminToken,
    FLAG_REFRESH_MS: '100',
    ...env,
  };
  const running = new Map<ServiceName, ServiceProcess>();
  const start = async (name: ServiceName) => {
    running.set(name, await startServiceProcess(entries[name], processEnv));
  };
  const crash = async (name: ServiceName) => {
    await running.get(name)?.kill();
    running.delete(name);
  };
  const stop = async () => {
    for (const name of ['proxy', 'monolith', 'runtime'] as const) await crash(name);
    await context.dataSource.destroy();
    await database.dispose();
  };
  try {
    for (const name of ['runtime', 'monolith', 'proxy'] as const) await start(name);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    context,
    proxyUrl: urls.proxy,
    storageDir: path.join(database.config.dataDir, 'storage'),
    process: (name) => {
      const found = running.get(name);
      if (!found) throw new Error(`${name} is not running`);
      return found;
    },
    crash,
    start,
    flip: async (capability, state) => {
      await request(urls.proxy)
        .put(`/_strangler/api/flags/${capability}`)
        .set('authorization', `Bearer ${testAdminToken}`)
        .send({ state, reason: 'fault test', force: true })
        .expect(200);
    },
    setFault: (functionName, fault) => setFunctionFault(database.config.dataDir, functionName, fault),
    stop,
  };
}
