import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/auth/auth-test-kit';
import { InMemoryFlagStore } from '../../core/flags/adapters/in-memory-flag.store';
import { FlagService, rolloutControllerActor } from '../../core/flags/flag.service';
import { TypeormParityStore } from '../../core/rollout/parity/adapters/typeorm-parity.store';
import type { RetirePolicy } from '../../core/rollout/progress/retire-readiness';
import { defaultRolloutPolicy } from '../../core/rollout/rollout-policy';
import { TypeormTrafficTotalsStore } from '../../core/rollout/progress/adapters/typeorm-traffic-totals.store';
import { TypeormRouteStatsStore } from '../../core/rollout/stats/adapters/typeorm-route-stats.store';
import type { TrafficTarget } from '../../core/rollout/stats/traffic-observation';
import { aSample } from '../../core/rollout/stats/traffic-test-kit';
import { lambdaCostPerRequest } from '../../core/rollout/cost/cost-model';
import { functionRegistry } from '../../extracted-functions/registry';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../test/support/test-database';
import type { CostView, ProgressView, RouteProgressView } from '../cli/admin-api.types';
import { checkMigratability } from '../preflight/migratability-check';
import { routeTable } from '../routing/route-table';
import { MigrationProgress } from './migration-progress';

const now = new Date('2026-12-03T08:00:00.000Z');
const hoursAgo = (hours: number) => new Date(Math.floor((now.getTime() - hours * 3_600_000) / 60_000) * 60_000);
const daysAgo = (days: number) => hoursAgo(days * 24);
const retirePolicy: RetirePolicy = { onLambdaForDays: 14, minRequests: 1000, parityThreshold: 0.99, parityMinSample: 20, parityLookbackDays: 45 };

describe.each(engines)('MigrationProgress, from seeded stats, flags and parity, on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let progress: ProgressView;
  let cost: CostView;
  const route = (id: string): RouteProgressView => progress.routes.find((candidate) => candidate.route === id)!;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    const clock = new FixedClock(daysAgo(30));
    const flags = new FlagService({
      store: new InMemoryFlagStore(),
      clock,
      routes: routeTable.map((r) => ({ id: r.id, capability: r.capability, hasFunction: r.functionName !== null, parityFrom: [r.id] })),
      policy: defaultRolloutPolicy,
      evidence: async () => ({ parity: {} }),
    });
    /** Moves the clock to `when` and flips there, past the gates (this test seeds no live evidence). */
    const flipAt = async (when: Date, capability: string, body: Record<string, unknown>) => {
      clock.advanceSeconds((when.getTime() - clock.now().getTime()) / 1000);
      await flags.setCapabilityFlag(capability, { force: true, reason: 'seeded flip', ...body }, 'alice');
    };
    await flipAt(daysAgo(25), 'auth', { state: 'shadow' });
    await flipAt(daysAgo(20), 'auth', { state: 'lambda' });
    await flipAt(daysAgo(20), 'transcoding', { state: 'lambda' });
    clock.advanceSeconds(17 * 86_400);
    const current = await flags.getCapabilityFlag('transcoding');
    await flags.applyAutomatic(current, { state: 'legacy', canaryPercent: 0, reverseShadow: false, ramp: null }, 'error rate 9% over 40 requests', {});
    await flipAt(daysAgo(1), 'transcoding', { state: 'lambda' });
    await flipAt(hoursAgo(2), 'metadata', { state: 'canary', percent: 25 });

    const stats = new TypeormRouteStatsStore(dataSource);
    const seed = (minute: Date, routeId: string, target: TrafficTarget, requests: number, latencyMs = 20) =>
      stats.saveMinuteTotals([{ minute, routeId, target, instanceId: 'proxy-a', sample: aSample({ requests, errors: target === 'lambda' ? 0 : 1, latencyMs }), latencySumMs: requests * latencyMs }]);
    await seed(hoursAgo(0.5), 'auth.me', 'lambda', 100);
    await seed(daysAgo(3), 'auth.me', 'lambda', 500);
    await seed(daysAgo(10), 'auth.me', 'lambda', 600);
    await seed(daysAgo(22), 'auth.me', 'legacy', 900);
    await seed(hoursAgo(0.5), 'auth.login', 'lambda', 30);
    await seed(hoursAgo(0.5), 'metadata.get', 'legacy', 60, 300);
    await seed(hoursAgo(0.5), 'metadata.get', 'lambda', 20, 40);
    await seed(daysAgo(2), 'videos.list', 'legacy', 200);

    const parity = new TypeormParityStore(dataSource);
    await parity.addCounts([
      { minute: daysAgo(23), routeId: 'auth.me', instanceId: 'proxy-a', compared: 100, matched: 100, dropped: 0 },
      { minute: daysAgo(23), routeId: 'auth.login', instanceId: 'proxy-a', compared: 50, matched: 45, dropped: 0 },
      // Older than the look-back from now, within it from auth's move onto lambda (20 days ago).
      { minute: daysAgo(60), routeId: 'auth.signup', instanceId: 'proxy-a', compared: 100, matched: 100, dropped: 0 },
      // Older than the look-back from either.
      { minute: daysAgo(70), routeId: 'auth.signup', instanceId: 'proxy-a', compared: 100, matched: 0, dropped: 0 },
    ]);

    const migration = new MigrationProgress({
      routeTable,
      functions: functionRegistry,
      flags,
      totals: new TypeormTrafficTotalsStore(dataSource),
      stats,
      parity,
      preflight: (capability) => checkMigratability(capability),
      retirePolicy,
      servers: { instanceHourly: 0.1, instanceCount: 2 },
      clock: { now: () => now },
    });
    progress = await migration.report();
    cost = await migration.cost();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('calls a route ready to retire when it has held lambda for the period and requests, with full parity', () => {
    expect(route('auth.me')).toMatchObject({
      state: 'lambda',
      onLambdaSince: daysAgo(20).toISOString(),
      parity: { rate: 1, sample: 100 },
      lastFlip: { to: 'lambda', actor: 'alice', from: 'shadow' },
      lastRollback: null,
      retire: { ready: true, reasons: [] },
    });
  });

  it('says why a route on lambda is not ready: too few requests, parity below the threshold', () => {
    expect(route('auth.login').retire).toEqual({
      ready: false,
      reasons: ['its Lambda answered 30 requests in the last 14 days; needs 1000', 'parity 90.0% over 50 comparisons (needs 99.0% over at least 20 within 45 days before it came onto lambda, or since)'],
    });
    expect(route('auth.signup').parity).toEqual({ rate: null, sample: 0 });
  });

  it('judges parity from the look-back before the route came onto lambda, so a verdict does not expire', () => {
    expect(route('auth.signup').retire).toEqual({ ready: false, reasons: ['its Lambda answered 0 requests in the last 14 days; needs 1000'] });
  });

  it('shows the last rollback and restarts the stay on lambda after it', () => {
    const job = route('transcoding.job');
    expect(job.lastRollback).toMatchObject({ actor: rolloutControllerActor, from: 'lambda', to: 'legacy', reason: 'error rate 9% over 40 requests', at: daysAgo(3).toISOString() });
    expect(job.onLambdaSince).toBe(daysAgo(1).toISOString());
    expect(job.retire.reasons).toContain(`rolled back at ${daysAgo(3).toISOString()}, within the last 14 days`);
    expect(job.retire.reasons).toContain(`on lambda since ${daysAgo(1).toISOString()} (1.0 days); needs 14 days`);
  });

  it('gives the Lambda’s share per period and each target’s requests, errors and percentiles', () => {
    expect(route('auth.me').lambdaShare).toEqual({ lastHour: 1, lastDay: 1, lastWeek: 1 });
    const metadata = route('metadata.get');
    expect(metadata).toMatchObject({ state: 'canary', canaryPercent: 25, lambdaShare: { lastHour: 0.25, lastDay: 0.25, lastWeek: 0.25 } });
    expect(metadata.traffic.legacy).toMatchObject({ requests: 60, errors: 1, errorRate: 1 / 60 });
    expect(metadata.traffic.legacy.p99Ms).toBeGreaterThanOrEqual(300);
    expect(metadata.traffic.lambda).toMatchObject({ requests: 20, errors: 0, errorRate: 0 });
    expect(metadata.traffic.lambda.p50Ms).toBeLessThan(50);
    expect(route('videos.list').lambdaShare).toEqual({ lastHour: null, lastDay: null, lastWeek: 0 });
    expect(route('auth.signup').lambdaShare).toEqual({ lastHour: null, lastDay: null, lastWeek: null });
  });

  it('vouches for a write never sent twice with the parity of its reads, and carries the pre-flight findings', () => {
    expect(route('videos.upload').parityFrom).toEqual(['videos.get', 'videos.list']);
    expect(route('videos.upload').preflight.map((finding) => finding.rule)).toContain('no-function');
    expect(route('videos.upload').retire).toEqual({ ready: false, reasons: ['no Lambda serves it yet (extracted-functions/registry.ts)'] });
  });

  it('sums capabilities and totals, and judges a capability by all of its routes', () => {
    const auth = progress.capabilities.find((capability) => capability.capability === 'auth')!;
    expect(auth).toMatchObject({ state: 'lambda', routes: 3, routesOnLambda: 3, lastFlip: { to: 'lambda' }, lastRollback: null });
    expect(auth.retire.ready).toBe(false);
    expect(auth.retire.reasons.every((reason) => /^auth\.(login|signup): /.test(reason))).toBe(true);
    expect(progress.totals).toEqual({
      routes: 18,
      routesOnLambda: 6,
      routesReadyToRetire: 1,
      capabilities: 5,
      capabilitiesOnLambda: 2,
      lambdaShare: { lastHour: (100 + 30 + 20) / (100 + 30 + 20 + 60), lastDay: 150 / 210, lastWeek: (150 + 500) / (210 + 500 + 200) },
    });
    expect(progress.retirePolicy).toEqual(retirePolicy);
    expect(progress.generatedAt).toBe(now.toISOString());
  });

  it('adds the traffic up per hour over the last week, oldest first', () => {
    expect(progress.shareOverTime).toEqual([
      { hour: '2026-11-30T08:00:00.000Z', legacy: 0, lambda: 500 },
      { hour: '2026-12-01T08:00:00.000Z', legacy: 200, lambda: 0 },
      { hour: '2026-12-03T07:00:00.000Z', legacy: 60, lambda: 150 },
    ]);
  });

  it('projects the last week’s traffic to a month on Lambda + HTTP API, against the monolith’s share', () => {
    // The first traffic of the week was 3 days ago: 72 hours of it.
    expect(cost).toMatchObject({ observedSince: daysAgo(3).toISOString(), observedHours: 72, currency: 'USD' });
    const me = cost.routes.find((route) => route.route === 'auth.me')!;
    expect(me).toMatchObject({ functionName: 'auth', memoryMb: 256, state: 'lambda', observed: { requests: 600, meanDurationMs: 20 } });
    expect(me.requestsPerMonth).toBeCloseTo((600 * 730) / 72, 6);
    expect(me.lambdaCost).toBeCloseTo(me.requestsPerMonth * lambdaCostPerRequest(256, 20), 9);
    expect(me.apiGatewayCost).toBeCloseTo(me.requestsPerMonth / 1e6, 9);
    expect(me.breakEvenRequestsPerSecond).toBeGreaterThan(0);
    expect(cost.routes.find((route) => route.route === 'videos.list')).toMatchObject({ functionName: null, lambdaCost: null, serverlessCost: null, breakEvenRequestsPerSecond: null });
    expect(cost.totals.monolithCost).toBeCloseTo(0.1 * 2 * 730, 9);
    expect(cost.totals.monolithShareCost).toBeCloseTo(cost.totals.monolithCost, 9);
    expect(cost.assumptions).toMatchObject({ region: 'us-east-1', priceDate: '2026-12-03', apiGatewayMeteringBytes: 524_288, monolithInstanceHourly: 0.1, monolithInstanceCount: 2 });
  });
});
