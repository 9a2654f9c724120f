import type { Express } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from '../core/auth/auth.config';
import { createAuthenticator } from '../core/auth/create-auth';
import { systemClock, type Clock } from '../core/clock/clock';
import { createLambdaClient } from '../core/events/adapters/create-lambda-client';
import { invokeAsync } from '../core/events/adapters/invoke-async';
import { TypeormDeadLetterStore } from '../core/events/adapters/typeorm-dead-letter.store';
import { DeadLetterReplay } from '../core/events/dead-letter-replay';
import { TypeormFlagStore } from '../core/flags/adapters/typeorm-flag.store';
import { FlagService } from '../core/flags/flag.service';
import { findFunction } from '../extracted-functions/registry';
import { adminRoutes } from './admin/admin.routes';
import { createProxyApp, type LegacyUpstream } from './app';
import { LambdaAuthorizer } from './dispatch/lambda-authorizer';
import { createLambdaDispatch } from './dispatch/lambda-dispatch';
import { LambdaInvoker } from './dispatch/lambda-invoker';
import { createLegacyLambdaDispatch } from './dispatch/legacy-lambda-dispatch';
import { createLegacyProxy } from './dispatch/legacy-proxy';
import { FlagCache } from './flags/flag-cache';
import type { ProxyConfig } from './proxy.config';
import { createRouteMatcher } from './routing/match-route';
import { hasLambda, routeTable } from './routing/route-table';

export interface EdgeProxyWiring {
  config: ProxyConfig;
  authConfig: AuthConfig;
  dataSource: DataSource;
  logger: Logger;
  clock?: Clock;
}

export interface EdgeProxy {
  app: Express;
  flagCache: FlagCache;
  /** Stops polling and drops pooled connections; the data source is the caller's. */
  close(): void;
}

// API Gateway gives up on an integration after 30 s whatever the function's own timeout.
const integrationTimeoutMs = 30_000;

const invokeTimeoutMs = (functionName: string) =>
  Math.min(((findFunction(functionName)?.timeoutSeconds ?? 29) + 2) * 1000, integrationTimeoutMs);

/**
 * Wires the edge proxy (routing, flags, both dispatchers, admin API) and loads the flags. With
 * `config.legacyFunction` the monolith's traffic goes to that Lambda instead of `config.legacyUrl`.
 */
export async function composeEdgeProxy({ config, authConfig, dataSource, logger, clock = systemClock }: EdgeProxyWiring): Promise<EdgeProxy> {
  const flagStore = new TypeormFlagStore(dataSource);
  const flagCache = new FlagCache(flagStore, config.flagRefreshMs, logger);
  await flagCache.start();
  const lambdaClient = createLambdaClient({ endpoint: config.lambdaEndpoint, region: config.awsRegion });
  const invoker = new LambdaInvoker({
    client: lambdaClient,
    timeoutMsFor: invokeTimeoutMs,
    logger,
  });
  const authorizer = new LambdaAuthorizer({ invoker, functionName: 'authorizer', cacheTtlMs: config.authorizerCacheTtlSeconds * 1000, clock });
  const legacy: LegacyUpstream = config.legacyFunction
    ? { kind: 'lambda', dispatch: createLegacyLambdaDispatch({ invoker, functionName: config.legacyFunction, clock }) }
    : { kind: 'http', proxy: createLegacyProxy({ target: config.legacyUrl, timeoutMs: config.legacyTimeoutMs, logger }) };
  const admin = adminRoutes({
    logger,
    flags: new FlagService(flagStore, clock, (capability) => hasLambda(capability)),
    flagCache,
    routeTable,
    adminToken: config.adminToken,
    authenticator: await createAuthenticator({ dataSource, config: authConfig, clock }),
    deadLetters: new DeadLetterReplay(new TypeormDeadLetterStore(dataSource), (functionName, payload) => invokeAsync(lambdaClient, functionName, payload), clock),
  });
  const app = createProxyApp({
    matchRoute: createRouteMatcher(routeTable),
    flagCache,
    legacy,
    lambda: createLambdaDispatch({ invoker, authorizer, clock }),
    admin,
    logger,
  });
  return {
    app,
    flagCache,
    close: () => {
      flagCache.stop();
      if (legacy.kind === 'http') legacy.proxy.close();
    },
  };
}
