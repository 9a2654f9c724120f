import type { Server } from 'node:http';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import path from 'node:path';
import type { AuthConfig } from '../../core/auth/auth.config';
import { createLogger } from '../../core/logging/create-logger';
import { TypeormDeadLetterStore } from '../../core/events/adapters/typeorm-dead-letter.store';
import type { Capability } from '../../core/flags/capabilities';
import { listen, serverUrl } from '../../core/process/serve';
import { composeEdgeProxy, type EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import { readProxyConfig, type ProxyConfig } from '../../edge-proxy/proxy.config';
import { functionRegistry, type FunctionDefinition } from '../../extracted-functions/registry';
import { startLambdaRuntime, type LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import { composeMonolith, type Monolith, type MonolithConfig } from '../../legacy-app/compose-monolith';
import { readMonolithConfig } from '../../legacy-app/monolith.config';
import { repositoryRoot } from '../fixtures/functions/fixture-functions';
import { authEnv } from './test-auth';
import { engines, type TestDatabase } from './test-database';

export const testAdminToken = 'test-admin-token-0123456789abcdef';
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
const silent = createLogger('test', 'silent');

/** What a test needs to stand a serving mode up. */
export interface ServingContext {
  database: TestDatabase;
  dataSource: DataSource;
  authConfig: AuthConfig;
}

/** Uploads in tests are small clips; the limit is low enough to test 413 with a few MiB. */
export const testUploadLimitBytes = 1024 * 1024;

/**
 * The platform's settings in tests, as environment variables (what the Lambda hosts get) :
 * everything under the test database's folder, the fastest encoder, short retry delays and
 * reconciliation, and webhooks allowed to call receivers on this machine.
 */
export function testEnvironment({ database, authConfig }: ServingContext): Record<string, string> {
  const { dataDir } = database.config;
  return {
    ...database.env,
    ...authEnv(authConfig),
    LOG_LEVEL: 'silent',
    JSON_BODY_LIMIT_BYTES: String(100 * 1024),
    UPLOAD_LIMIT_BYTES: String(testUploadLimitBytes),
    STORAGE_DIR: path.join(dataDir, 'storage'),
    TRANSCODE_CONCURRENCY: '2',
    TRANSCODE_SPEED: 'ultrafast',
    TRANSCODE_MAX_ATTEMPTS: '3',
    TRANSCODE_POLL_MS: '250',
    TRANSCODE_SCRATCH_DIR: path.join(dataDir, 'scratch'),
    WEBHOOK_ALLOWLIST: '127.0.0.1,::1,localhost',
    DELIVERY_MAX_ATTEMPTS: '3',
    DELIVERY_BASE_DELAY_MS: '50',
    DELIVERY_MAX_DELAY_MS: '200',
    DELIVERY_POLL_MS: '100',
    WEBHOOK_TIMEOUT_MS: '2000',
    PIPELINE_RECONCILE_MS: '500',
    PIPELINE_STALE_AFTER_MS: '3000',
  };
}

/** The monolith's settings in tests; with a runtime's URL, its events cross processes through that runtime. */
export function testMonolithConfig(context: ServingContext, lambdaEndpoint?: string): MonolithConfig {
  const env = { ...testEnvironment(context), ...(lambdaEndpoint ? { LAMBDA_ENDPOINT: lambdaEndpoint } : {}) };
  return { ...readMonolithConfig(context.database.config.dataDir, env), auth: context.authConfig };
}

/** A running way of serving the legacy API; `http` is what supertest calls. */
export interface ServedApi {
  http: RequestListener | string;
  stop(): Promise<void>;
}

/** The whole monolith (app, workers, pipeline) over the test database, started, not listening. */
export async function createMonolith(context: ServingContext, config: MonolithConfig = testMonolithConfig(context)): Promise<Monolith> {
  const monolith = await composeMonolith({ dataSource: context.dataSource, config, logger: silent });
  await monolith.start();
  return monolith;
}

/** The monolith listening on a free port, as the proxy reaches it; events through the runtime when one is given. */
export async function startMonolith(context: ServingContext, lambdaEndpoint?: string): Promise<{ url: string; server: Server; monolith: Monolith }> {
  const monolith = await createMonolith(context, testMonolithConfig(context, lambdaEndpoint));
  const server = await listen(monolith.app, 0, '127.0.0.1');
  return { url: serverUrl(server), server, monolith };
}

/** Stops a monolith started with startMonolith: the server, then its workers. */
export async function stopMonolith({ server, monolith }: { server: Server; monolith: Monolith }): Promise<void> {
  await closeServer(server);
  await monolith.stop();
}

/** The local Lambda runtime serving `functions` (the real registry by default) against the test database; dead letters go to it too. */
export function startRuntime(context: ServingContext, functions: readonly FunctionDefinition[] = functionRegistry): Promise<LambdaRuntime> {
  const deadLetters = new TypeormDeadLetterStore(context.dataSource);
  return startLambdaRuntime({
    functions,
    port: 0,
    rootDir: repositoryRoot,
    environment: testEnvironment(context),
    asyncRetryDelayMs: 100,
    asyncConcurrency: 1,
    schedulePeriodMs: 500,
    // TEST_RUNTIME_LOG=debug shows every invocation, retry and dead letter of a failing test.
    ...(process.env.TEST_RUNTIME_LOG ? { logger: createLogger('runtime', process.env.TEST_RUNTIME_LOG) } : {}),
    onEventFailure: async (failed) => void (await deadLetters.record({ ...failed, failedAt: new Date() })),
  });
}

/** The edge proxy in front of the given monolith and runtime URLs. */
export function startProxy(context: ServingContext, upstreams: { legacyUrl: string; lambdaEndpoint: string }, overrides: Partial<ProxyConfig> = {}): Promise<EdgeProxy> {
  const config: ProxyConfig = {
    ...readProxyConfig({ LEGACY_URL: upstreams.legacyUrl, LAMBDA_ENDPOINT: upstreams.lambdaEndpoint, STRANGLER_ADMIN_TOKEN: testAdminToken }),
    port: 0,
    // The proxy shares the test's event loop, which its busy moments would count: tests see every copy compared.
    shadowMaxLoopUtilization: 1,
    legacyTimeoutMs: 10_000,
    flagRefreshMs: 100,
    ...overrides,
  };
  return composeEdgeProxy({ config, authConfig: context.authConfig, dataSource: context.dataSource, logger: silent });
}

/**
 * Flips a capability through the admin API, as an engineer would. Forced: these tests move
 * capabilities straight between legacy and lambda, without the shadow evidence the gate wants.
 */
export async function flip(proxy: EdgeProxy, capability: string, state: 'legacy' | 'shadow' | 'lambda', reason = 'test flip'): Promise<void> {
  await request(proxy.app)
    .put(`/_strangler/api/flags/${capability}`)
    .set('authorization', `Bearer ${testAdminToken}`)
    .send({ state, reason, force: true })
    .expect(200);
}

/** The whole system as `npm start` runs it: runtime, monolith (events through the runtime), proxy; then the flips. */
async function startSystem(
  context: ServingContext,
  { lambdaCapabilities = [], shadowCapabilities = [], monolithAsLambda = false }: { lambdaCapabilities?: readonly Capability[]; shadowCapabilities?: readonly Capability[]; monolithAsLambda?: boolean },
): Promise<ServedApi> {
  const runtime = await startRuntime(context);
  const monolith = await startMonolith(context, runtime.url);
  const proxy = await startProxy(context, { legacyUrl: monolith.url, lambdaEndpoint: runtime.url }, monolithAsLambda ? { legacyFunction: 'legacy-monolith' } : {});
  for (const capability of lambdaCapabilities) await flip(proxy, capability, 'lambda');
  for (const capability of shadowCapabilities) await flip(proxy, capability, 'shadow');
  return {
    http: proxy.app,
    stop: async () => {
      await proxy.close();
      await stopMonolith(monolith);
      await runtime.close();
    },
  };
}

const extracted = ['auth', 'transcoding', 'metadata', 'notifications'] as const;

interface ServingMode {
  name: string;
  /**
   * Also run on PostgreSQL (when a server is configured). The modes that move one capability differ
   * from these only in which process runs the same queries, so SQLite covers them; PostgreSQL runs
   * the monolith alone, the whole system on either side, and the monolith as a Lambda.
   */
  alsoOnPostgres?: boolean;
  start(context: ServingContext): Promise<ServedApi>;
}

/** Every way the legacy API can be served; the contract suite runs unchanged against each. */
export const servingModes: ServingMode[] = [
  {
    name: 'monolith directly',
    alsoOnPostgres: true,
    start: async (context) => {
      const monolith = await createMonolith(context);
      return { http: monolith.app, stop: () => monolith.stop() };
    },
  },
  { name: 'proxy → monolith (all legacy)', alsoOnPostgres: true, start: (context) => startSystem(context, {}) },
  ...extracted.map((capability) => ({ name: `proxy → ${capability} Lambda`, start: (context: ServingContext) => startSystem(context, { lambdaCapabilities: [capability] }) })),
  { name: 'proxy → every Lambda', alsoOnPostgres: true, start: (context) => startSystem(context, { lambdaCapabilities: extracted }) },
  // The monolith answers while every Lambda gets a mirrored copy (dry runs for writes): customers must see no difference.
  { name: 'proxy → monolith, Lambdas in shadow', start: (context) => startSystem(context, { shadowCapabilities: extracted }) },
  { name: 'proxy → monolith as one Lambda', alsoOnPostgres: true, start: (context) => startSystem(context, { monolithAsLambda: true }) },
];

/** The contract suite's cases: every serving mode on SQLite, and the ones marked so on PostgreSQL too. */
export const contractCases = servingModes.flatMap((mode) => engines.filter((engine) => engine === 'sqlite' || mode.alsoOnPostgres).map((engine) => ({ mode, engine })));
