import type { Server } from 'node:http';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from '../../core/auth/auth.config';
import { createAuthService, createAuthenticator } from '../../core/auth/create-auth';
import { createLogger } from '../../core/logging/create-logger';
import { listen, serverUrl } from '../../core/process/serve';
import { composeEdgeProxy, type EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import type { ProxyConfig } from '../../edge-proxy/proxy.config';
import { functionRegistry, type FunctionDefinition } from '../../extracted-functions/registry';
import { startLambdaRuntime, type LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import { createApp } from '../../legacy-app/app';
import { repositoryRoot } from '../fixtures/functions/fixture-functions';
import { authEnv } from './test-auth';
import type { TestDatabase } from './test-database';

export const testAdminToken = 'test-admin-token-0123456789abcdef';
const silent = createLogger('test', 'silent');

/** What a test needs to stand a serving mode up. */
export interface ServingContext {
  database: TestDatabase;
  dataSource: DataSource;
  authConfig: AuthConfig;
}

/** A running way of serving the legacy API; `http` is what supertest calls. */
export interface ServedApi {
  http: Express | string;
  stop(): Promise<void>;
}

/** The monolith's Express app over the test database (not listening). */
export async function createMonolithApp({ dataSource, authConfig }: ServingContext): Promise<Express> {
  return createApp({
    auth: await createAuthService({ dataSource, config: authConfig }),
    authenticator: await createAuthenticator({ dataSource, config: authConfig }),
    logger: silent,
    jsonBodyLimitBytes: 100 * 1024,
  });
}

/** The monolith listening on a free port, as the proxy reaches it. */
export async function startMonolith(context: ServingContext): Promise<{ url: string; server: Server }> {
  const server = await listen(await createMonolithApp(context), 0, '127.0.0.1');
  return { url: serverUrl(server), server };
}

/** The local Lambda runtime serving `functions` (the real registry by default) against the test database. */
export function startRuntime(context: ServingContext, functions: readonly FunctionDefinition[] = functionRegistry): Promise<LambdaRuntime> {
  return startLambdaRuntime({
    functions,
    port: 0,
    rootDir: repositoryRoot,
    environment: { ...context.database.env, ...authEnv(context.authConfig), LOG_LEVEL: 'silent' },
  });
}

/** The edge proxy in front of the given monolith and runtime URLs. */
export function startProxy(context: ServingContext, upstreams: { legacyUrl: string; lambdaEndpoint: string }, overrides: Partial<ProxyConfig> = {}): Promise<EdgeProxy> {
  const config: ProxyConfig = {
    port: 0,
    host: '127.0.0.1',
    legacyUrl: upstreams.legacyUrl,
    legacyTimeoutMs: 10_000,
    lambdaEndpoint: upstreams.lambdaEndpoint,
    awsRegion: 'us-east-1',
    adminToken: testAdminToken,
    flagRefreshMs: 100,
    authorizerCacheTtlSeconds: 300,
    ...overrides,
  };
  return composeEdgeProxy({ config, authConfig: context.authConfig, dataSource: context.dataSource, logger: silent });
}

/** Flips a capability through the admin API, as an engineer would. */
export async function flip(proxy: EdgeProxy, capability: string, state: string, reason = 'test flip'): Promise<void> {
  await request(proxy.app)
    .put(`/_strangler/api/flags/${capability}`)
    .set('authorization', `Bearer ${testAdminToken}`)
    .send({ state, reason })
    .expect(200);
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Every way the auth routes can be served; the contract suite runs unchanged against each. */
export const servingModes: Array<{ name: string; start(context: ServingContext): Promise<ServedApi> }> = [
  {
    name: 'monolith directly',
    start: async (context) => ({ http: await createMonolithApp(context), stop: async () => {} }),
  },
  {
    name: 'proxy → monolith (auth=legacy)',
    start: async (context) => {
      const monolith = await startMonolith(context);
      const proxy = await startProxy(context, { legacyUrl: monolith.url, lambdaEndpoint: 'http://127.0.0.1:9' });
      return {
        http: proxy.app,
        stop: async () => {
          proxy.close();
          await closeServer(monolith.server);
        },
      };
    },
  },
  {
    name: 'proxy → Lambda (auth=lambda, local runtime)',
    start: async (context) => {
      const monolith = await startMonolith(context);
      const runtime = await startRuntime(context);
      const proxy = await startProxy(context, { legacyUrl: monolith.url, lambdaEndpoint: runtime.url });
      await flip(proxy, 'auth', 'lambda');
      return {
        http: proxy.app,
        stop: async () => {
          proxy.close();
          await Promise.all([runtime.close(), closeServer(monolith.server)]);
        },
      };
    },
  },
];
