import { randomBytes } from 'node:crypto';
import { Agent, type IncomingMessage, type RequestListener } from 'node:http';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from '../core/auth/auth.config';
import { TypeormUserStore } from '../core/auth/adapters/typeorm-user.store';
import { createAuthenticator } from '../core/auth/create-auth';
import { PasswordHasher } from '../core/auth/password-hasher';
import { systemClock, type Clock } from '../core/clock/clock';
import { TypeormDashboardSessionStore } from '../core/dashboard-sessions/adapters/typeorm-dashboard-session.store';
import { createLambdaClient } from '../core/events/adapters/create-lambda-client';
import { invokeAsync } from '../core/events/adapters/invoke-async';
import { TypeormDeadLetterStore } from '../core/events/adapters/typeorm-dead-letter.store';
import { DeadLetterReplay } from '../core/events/dead-letter-replay';
import { TypeormFlagStore } from '../core/flags/adapters/typeorm-flag.store';
import { FlagService } from '../core/flags/flag.service';
import { TypeormParityStore } from '../core/rollout/parity/adapters/typeorm-parity.store';
import { ParityRecorder } from '../core/rollout/parity/parity-recorder';
import { TypeormTrafficTotalsStore } from '../core/rollout/progress/adapters/typeorm-traffic-totals.store';
import { TypeormRouteStatsStore } from '../core/rollout/stats/adapters/typeorm-route-stats.store';
import { StatsRetention } from '../core/rollout/stats/stats-retention';
import { RouteStatsRecorder } from '../core/rollout/stats/route-stats-recorder';
import { findFunction, functionRegistry } from '../extracted-functions/registry';
import { adminRoutes } from './admin/admin.routes';
import { createProxyApp } from './app';
import { dashboardRoutes, dashboardSessionTtlSeconds } from './dashboard/dashboard.routes';
import { createEdgeDispatch, type LegacyUpstream } from './dispatch/edge-dispatch';
import { LambdaAuthorizer } from './dispatch/lambda-authorizer';
import { lambdaClientsByTimeout } from './dispatch/lambda-clients-by-timeout';
import { createLambdaDispatch } from './dispatch/lambda-dispatch';
import { integrationTimeoutMs, LambdaInvoker } from './dispatch/lambda-invoker';
import { createLegacyLambdaDispatch } from './dispatch/legacy-lambda-dispatch';
import { createLegacyProxy } from './dispatch/legacy-proxy';
import type { FlagCache } from './flags/flag-cache';
import { startFlagPropagation } from './flags/start-flag-propagation';
import { countAppliedFlagChanges } from './metrics/count-applied-flag-changes';
import { countShadowDrops, countShadowSends } from './metrics/count-shadow-copies';
import { metricsRoute } from './metrics/metrics.route';
import { ProxyMetrics, unmatchedRoute } from './metrics/proxy-metrics';
import { checkMigratability } from './preflight/migratability-check';
import { MigrationProgress } from './progress/migration-progress';
import type { ProxyConfig } from './proxy.config';
import { trustProxies } from './rate-limit/client-address';
import { limitRequestsPerClient } from './rate-limit/rate-limit.middleware';
import { cloudWatchRolloutAlarms } from './rollout/cloudwatch-rollout-alarms';
import { engineersWebhook } from './rollout/engineers-webhook';
import { RolloutController } from './rollout/rollout-controller';
import { collectRolloutEvidence } from './rollout/rollout-evidence';
import { createRouteMatcher } from './routing/match-route';
import { routeTable } from './routing/route-table';
import { recentEventLoopUtilization } from './shadow/event-loop-load';
import { createLegacyHttpMirror } from './shadow/legacy-http-mirror';
import { ShadowQueue } from './shadow/shadow-queue';
import { ShadowSampler } from './shadow/shadow-sampler';
import { snapshotOf, type ShadowSender } from './shadow/shadow-target';
import { ShadowTraffic } from './shadow/shadow-traffic';

export interface EdgeProxyWiring {
  config: ProxyConfig;
  authConfig: AuthConfig;
  dataSource: DataSource;
  logger: Logger;
  clock?: Clock;
  /** Whether the rollout controller judges on its own timer (default); a Lambda's is ticked by a schedule. */
  rolloutTimer?: boolean;
}

export interface EdgeProxy {
  app: RequestListener;
  flagCache: FlagCache;
  flags: FlagService;
  stats: RouteStatsRecorder;
  parity: ParityRecorder;
  shadowQueue: ShadowQueue;
  rollout: RolloutController;
  /** Where the migration stands and what it costs (the admin API's /progress and /cost). */
  progress: MigrationProgress;
  /** Stops timers, writes pending counts, drops pooled connections; the data source is the caller's. */
  close(): Promise<void>;
}

const invokeTimeoutMs = (functionName: string) =>
  Math.min(((findFunction(functionName)?.timeoutSeconds ?? 29) + 2) * 1000, integrationTimeoutMs);

// Enough for every engineer on a few devices; beyond it, the oldest sessions are signed out.
const maxDashboardSessions = 1000;
// Minutes past the retention go within the hour; more often would only find less to delete.
const retentionRunEveryMs = 3_600_000;

// Each instance writes its own stats rows: unique across hosts and restarts, at most 64 characters.
const newInstanceId = () => `${hostname().slice(0, 40)}-${process.pid}-${randomBytes(4).toString('hex')}`;

// Each one costs a scrypt hash and may be a password guess: they get a stricter limit of their own.
const credentialsPaths = new Set(['/api/auth/login', '/api/auth/signup', '/_strangler/login']);
const isCredentialsRequest = (req: IncomingMessage) => req.method === 'POST' && credentialsPaths.has((req.url ?? '/').split('?', 1)[0]!.toLowerCase().replace(/\/+$/, ''));

// Whether this proxy's event loop was busier than `limit` lately: shadow copies are dropped meanwhile.
const overLoopUtilization = (limit: number) => {
  const utilization = recentEventLoopUtilization();
  return () => utilization() > limit;
};

const migratableRoutes = routeTable.map((route) => ({
  id: route.id,
  capability: route.capability,
  hasFunction: route.functionName !== null,
  parityFrom: route.shadow.mode === 'read-back' ? route.shadow.readBack : [route.id],
}));

/**
 * Wires the edge proxy (routing, flags, both dispatchers, shadow traffic, stats, the rollout
 * controller, the admin API and the dashboard) and loads the flags. With `config.legacyFunction`
 * the monolith's traffic goes to that Lambda instead of `config.legacyUrl`.
 */
export async function composeEdgeProxy({ config, authConfig, dataSource, logger, clock = systemClock, rolloutTimer = true }: EdgeProxyWiring): Promise<EdgeProxy> {
  const { policy } = config;
  const flagStore = new TypeormFlagStore(dataSource);
  const flagPropagation = await startFlagPropagation({
    store: flagStore,
    // PostgreSQL pushes changes to a listener on the database the flags live in; SQLite is polled.
    databaseUrl: dataSource.options.type === 'postgres' ? dataSource.options.url : undefined,
    refreshMs: config.flagRefreshMs,
    logger,
  });
  const { flagCache } = flagPropagation;
  const metrics = new ProxyMetrics();
  countAppliedFlagChanges(flagCache, metrics);
  const lambdaClient = createLambdaClient({ endpoint: config.lambdaEndpoint, region: config.awsRegion });
  const invokeClients = lambdaClientsByTimeout({ endpoint: config.lambdaEndpoint, region: config.awsRegion }, invokeTimeoutMs);
  const invoker = new LambdaInvoker({ clientFor: invokeClients.clientFor, logger });
  const authorizer = new LambdaAuthorizer({ invoker, functionName: 'authorizer', cacheTtlMs: config.authorizerCacheTtlSeconds * 1000, clock });
  const lambda = createLambdaDispatch({ invoker, authorizer });
  const matchRoute = createRouteMatcher(routeTable);
  const legacy: LegacyUpstream = config.legacyFunction
    ? { kind: 'lambda', dispatch: createLegacyLambdaDispatch({ invoker, functionName: config.legacyFunction, clock }) }
    : { kind: 'http', proxy: createLegacyProxy({ target: config.legacyUrl, timeoutMs: config.legacyTimeoutMs, logger, routeOf: (req) => matchRoute(req.method ?? 'GET', (req.url ?? '/').split('?', 1)[0]!)?.route.id ?? unmatchedRoute }) };

  const instanceId = newInstanceId();
  const routeStats = new TypeormRouteStatsStore(dataSource);
  const stats = new RouteStatsRecorder({ instanceId, store: routeStats, logger, clock, windowSpanSeconds: policy.windowSeconds });
  stats.start(config.statsFlushMs);
  const parityStore = new TypeormParityStore(dataSource);
  const retention = new StatsRetention({ tables: { route_stats: routeStats, parity_stats: parityStore }, retentionDays: config.statsRetentionDays, clock, logger });
  retention.start(retentionRunEveryMs);
  const parity = new ParityRecorder(parityStore, { instanceId, flushMs: config.statsFlushMs, clock, onFlushError: (error) => logger.warn({ err: error }, 'parity counts flush failed; retrying') });
  parity.start();

  const mirrorAgent = new Agent({ keepAlive: true, maxSockets: config.shadowConcurrency });
  const legacyMirror = createLegacyHttpMirror({ legacyUrl: config.legacyUrl, agent: mirrorAgent, timeoutMs: config.legacyTimeoutMs, keepBytes: config.shadowCaptureBytes });
  const senders: Record<'legacy' | 'lambda', ShadowSender> = {
    lambda: async (call) => snapshotOf(await lambda(call)),
    legacy: async ({ request, context, matched }) => (legacy.kind === 'lambda' ? snapshotOf(await legacy.dispatch.call(request, context, matched.route.id)) : legacyMirror(request)),
  };
  const busy = config.shadowMaxLoopUtilization < 1 ? overLoopUtilization(config.shadowMaxLoopUtilization) : undefined;
  const shadowQueue = new ShadowQueue({ capacity: config.shadowQueueCapacity, concurrency: config.shadowConcurrency, busy }, (error) => logger.warn({ err: error }, 'shadow comparison failed'));
  const shadows = new ShadowTraffic({ queue: shadowQueue, senders: countShadowSends(senders, metrics), parity: countShadowDrops(parity, metrics), mismatches: parityStore, clock, logger });

  const flags = new FlagService({
    store: flagStore,
    clock,
    routes: migratableRoutes,
    policy,
    evidence: collectRolloutEvidence({ parity: parityStore, recorder: parity, window: stats.window, policy, clock }),
  });
  const notifyEngineers = engineersWebhook(config.rolloutWebhookUrl);
  const rollout = new RolloutController({
    flags,
    window: stats.window,
    policy,
    clock,
    logger,
    notify: (notice) => {
      metrics.countRolloutMove(notice.kind, notice.scope, notice.name);
      return notifyEngineers(notice);
    },
    applied: () => flagCache.refresh(),
    alarms: cloudWatchRolloutAlarms(config.rolloutAlarmPrefix, config.awsRegion, routeTable),
  });
  if (rolloutTimer) rollout.start();

  const progress = new MigrationProgress({
    routeTable,
    functions: functionRegistry,
    flags,
    totals: new TypeormTrafficTotalsStore(dataSource),
    stats: new TypeormRouteStatsStore(dataSource),
    parity: parityStore,
    preflight: (capability) => checkMigratability(capability),
    retirePolicy: { ...config.retire, parityThreshold: policy.parityThreshold, parityMinSample: policy.parityMinSample },
    servers: config.monolithServers,
    clock,
  });
  const authenticator = await createAuthenticator({ dataSource, config: authConfig, clock });
  const admin = adminRoutes({
    logger,
    flags,
    flagCache,
    routeTable,
    parity: parityStore,
    policy,
    clock,
    adminToken: config.adminToken,
    authenticator,
    progress,
    deadLetters: new DeadLetterReplay(new TypeormDeadLetterStore(dataSource), (functionName, payload) => invokeAsync(lambdaClient, functionName, payload), clock),
  });
  const dashboard = dashboardRoutes({
    logger,
    sessions: new TypeormDashboardSessionStore(dataSource, { clock, ttlSeconds: dashboardSessionTtlSeconds, maxSessions: maxDashboardSessions }),
    flags,
    flagCache,
    parity: parityStore,
    progress,
    credentials: { adminToken: config.adminToken, authenticator, users: new TypeormUserStore(dataSource), hasher: new PasswordHasher(authConfig.passwordLog2Cost) },
  });
  const { rateLimit } = config;
  const trustedProxies = trustProxies(rateLimit.trustedProxies);
  const rateLimits = [
    limitRequestsPerClient({ limit: rateLimit.perWindow, windowMs: rateLimit.windowMs, trustedProxies, clock, what: 'requests' }),
    limitRequestsPerClient({ limit: rateLimit.credentialsPerWindow, windowMs: rateLimit.windowMs, trustedProxies, clock, applies: isCredentialsRequest, what: 'sign-ups and sign-ins' }),
  ].filter((limit) => limit !== undefined);
  const shadowSampler = new ShadowSampler(config.shadowCopiesPerSecond);
  const dispatch = createEdgeDispatch({ matchRoute, flagCache, legacy, lambda, traffic: stats, metrics, shadows, shadowSampler, shadowKeepBytes: config.shadowCaptureBytes, clock, logger });
  return {
    app: createProxyApp({ dispatch, admin, dashboard, rateLimits, metrics: metricsRoute({ registry: metrics.registry, token: config.metricsToken ?? config.adminToken }) }),
    flagCache,
    flags,
    stats,
    parity,
    shadowQueue,
    rollout,
    progress,
    close: async () => {
      await flagPropagation.close();
      await rollout.stop();
      await shadowQueue.idle();
      await Promise.allSettled([stats.stop(), parity.stop(), retention.stop()]);
      mirrorAgent.destroy();
      invokeClients.destroy();
      lambdaClient.destroy();
      if (legacy.kind === 'http') legacy.proxy.close();
    },
  };
}
