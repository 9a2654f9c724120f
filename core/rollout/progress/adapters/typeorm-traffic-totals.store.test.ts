import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingEventLoopTurns } from '../../../../test/support/event-loop-turns';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../../test/support/test-database';
import { TypeormRouteStatsStore } from '../../stats/adapters/typeorm-route-stats.store';
import type { RouteMinuteTotals } from '../../stats/route-stats.store';
import { aSample } from '../../stats/traffic-test-kit';
import { TypeormTrafficTotalsStore } from './typeorm-traffic-totals.store';

const at = (time: string) => new Date(`2026-12-03T${time}Z`);

/** `requests` requests of 10 ms, one of them an error, 100 bytes in and 1000 out each. */
function row(minute: string, routeId: string, target: string, instanceId: string, requests: number): RouteMinuteTotals {
  const sample = aSample({ requests, errors: 1 });
  sample.requestBytes = 100 * requests;
  sample.responseBytes = 1000 * requests;
  return { minute: at(minute), routeId, target: target as RouteMinuteTotals['target'], instanceId, sample, latencySumMs: 10 * requests };
}

describe.each(engines)('TypeormTrafficTotalsStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TypeormTrafficTotalsStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    store = new TypeormTrafficTotalsStore(dataSource);
    await new TypeormRouteStatsStore(dataSource).saveMinuteTotals([
      row('06:59:00', 'auth.me', 'lambda', 'proxy-a', 50),
      row('07:00:00', 'auth.me', 'lambda', 'proxy-a', 3),
      row('07:00:00', 'auth.me', 'lambda', 'proxy-b', 4),
      row('07:00:00', 'auth.me', 'legacy', 'proxy-a', 2),
      row('07:01:00', 'auth.login', 'legacy', 'proxy-b', 5),
      // Written by a later version with a target this one does not know: left out.
      row('07:01:00', 'auth.login', 'edge-cache', 'proxy-c', 9),
    ]);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('sums every instance’s counts per route and target from a minute on', async () => {
    expect(await store.totalsByRoute(at('07:00:00'))).toEqual([
      { routeId: 'auth.login', target: 'legacy', requests: 5, errors: 1, latencySumMs: 50, requestBytes: 500, responseBytes: 5000 },
      { routeId: 'auth.me', target: 'lambda', requests: 7, errors: 2, latencySumMs: 70, requestBytes: 700, responseBytes: 7000 },
      { routeId: 'auth.me', target: 'legacy', requests: 2, errors: 1, latencySumMs: 20, requestBytes: 200, responseBytes: 2000 },
    ]);
  });

  it('sums requests per minute and target, minutes in order', async () => {
    expect(await store.requestsPerMinute(at('06:00:00'))).toEqual([
      { minute: at('06:59:00'), target: 'lambda', requests: 50 },
      { minute: at('07:00:00'), target: 'lambda', requests: 7 },
      { minute: at('07:00:00'), target: 'legacy', requests: 2 },
      { minute: at('07:01:00'), target: 'legacy', requests: 5 },
    ]);
  });

  it('reads days of minutes with the same sums, giving the event loop turns on SQLite (its queries run on the loop)', async () => {
    // Three days before the rows above, a minute in seven, two instances: 72 hours of spans.
    const start = new Date('2026-11-28T00:00:00Z').getTime();
    const minutes = Array.from({ length: Math.floor((3 * 1440) / 7) }, (_, index) => new Date(start + index * 7 * 60_000));
    const spanRow = (minute: Date, instanceId: string, requests: number): RouteMinuteTotals => ({ ...row('00:00:00', 'videos.list', 'lambda', instanceId, requests), minute });
    await new TypeormRouteStatsStore(dataSource).saveMinuteTotals(minutes.flatMap((minute, index) => [spanRow(minute, 'proxy-a', (index % 5) + 1), spanRow(minute, 'proxy-b', 1)]));
    const requests = minutes.reduce((sum, _, index) => sum + (index % 5) + 2, 0);

    const { result: totals, turns } = await countingEventLoopTurns(() => store.totalsByRoute(new Date(start)));
    const { result: perMinute } = await countingEventLoopTurns(() => store.requestsPerMinute(new Date(start)));

    expect(totals.find((total) => total.routeId === 'videos.list')).toEqual({ routeId: 'videos.list', target: 'lambda', requests, errors: 2 * minutes.length, latencySumMs: 10 * requests, requestBytes: 100 * requests, responseBytes: 1000 * requests });
    expect(totals.find((total) => total.routeId === 'auth.me' && total.target === 'lambda')?.requests).toBe(57);
    const spanMinutes = perMinute.filter((minute) => minute.minute < at('00:00:00'));
    expect(spanMinutes.map((minute) => minute.minute)).toEqual(minutes);
    expect(spanMinutes.map((minute) => minute.requests)).toEqual(minutes.map((_, index) => (index % 5) + 2));
    if (engine === 'sqlite') expect(turns).toBeGreaterThanOrEqual(72);
  });

  it('finds the first minute with traffic, or none', async () => {
    expect(await store.firstMinute(at('06:00:00'))).toEqual(at('06:59:00'));
    expect(await store.firstMinute(at('07:00:30'))).toEqual(at('07:01:00'));
    expect(await store.firstMinute(at('08:00:00'))).toBeNull();
  });
});
