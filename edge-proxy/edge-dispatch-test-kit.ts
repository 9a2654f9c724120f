import type { RequestListener } from 'node:http';
import express from 'express';
import type { Clock } from '../core/clock/clock';
import type { FlagStore } from '../core/flags/flag.store';
import { createLogger } from '../core/logging/create-logger';
import type { TrafficObservation } from '../core/rollout/stats/traffic-observation';
import { createProxyApp } from './app';
import { createEdgeDispatch, type EdgeDispatchDeps, type LegacyUpstream } from './dispatch/edge-dispatch';
import { LambdaAuthorizer } from './dispatch/lambda-authorizer';
import { createLambdaDispatch } from './dispatch/lambda-dispatch';
import type { FunctionInvoker } from './dispatch/lambda-invoker';
import { FlagCache } from './flags/flag-cache';
import { ProxyMetrics } from './metrics/proxy-metrics';
import { createRouteMatcher } from './routing/match-route';
import { routeTable } from './routing/route-table';

const silent = createLogger('test', 'silent');

export interface ProxyAppUnderTest {
  app: RequestListener;
  flagCache: FlagCache;
  /** Every request the proxy recorded, in order. */
  traffic: TrafficObservation[];
}

/** The proxy app over fake functions and a given monolith upstream, with flags from `store`, no admin API; every shadowed request is copied unless `shadowSampler` says otherwise. */
export async function proxyAppOver({
  functions,
  legacy,
  store,
  clock,
  shadows = { mirror: () => undefined },
  shadowSampler = { take: () => true },
}: {
  functions: FunctionInvoker;
  legacy: LegacyUpstream;
  store: FlagStore;
  clock: Clock;
  shadows?: EdgeDispatchDeps['shadows'];
  shadowSampler?: EdgeDispatchDeps['shadowSampler'];
}): Promise<ProxyAppUnderTest> {
  const flagCache = new FlagCache(store, 60_000, silent);
  await flagCache.refresh();
  const traffic: TrafficObservation[] = [];
  const authorizer = new LambdaAuthorizer({ invoker: functions, functionName: 'authorizer', cacheTtlMs: 0, clock });
  const dispatch = createEdgeDispatch({
    matchRoute: createRouteMatcher(routeTable),
    flagCache,
    legacy,
    lambda: createLambdaDispatch({ invoker: functions, authorizer }),
    traffic: { record: (observation) => void traffic.push(observation) },
    metrics: new ProxyMetrics(),
    shadows,
    shadowSampler,
    shadowKeepBytes: 64 * 1024,
    clock,
    logger: silent,
  });
  return { app: createProxyApp({ dispatch, admin: express.Router() }), flagCache, traffic };
}
