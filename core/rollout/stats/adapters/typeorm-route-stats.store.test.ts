import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingEventLoopTurns } from '../../../../test/support/event-loop-turns';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../../test/support/test-database';
import type { Clock } from '../../../clock/clock';
import { createLogger } from '../../../logging/create-logger';
import { RouteStatsRecorder } from '../route-stats-recorder';
import type { RouteMinuteTotals } from '../route-stats.store';
import { anObservation, aSample } from '../traffic-test-kit';
import { TypeormRouteStatsStore } from './typeorm-route-stats.store';

const at = (time: string) => new Date(`2026-11-23T${time}Z`);
const silent = createLogger('typeorm-route-stats-store-test', 'silent');
const clockAt = (time: string): Clock => ({ now: () => at(time) });

const totals = (overrides: Partial<RouteMinuteTotals> & Pick<RouteMinuteTotals, 'minute' | 'routeId'>): RouteMinuteTotals => ({
  target: 'lambda',
  instanceId: 'proxy-a',
  sample: aSample({ requests: 1 }),
  latencySumMs: 10,
  ...overrides,
});

describe.each(engines)('TypeormRouteStatsStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TypeormRouteStatsStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    store = new TypeormRouteStatsStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  const recorderOf = (instanceId: string) => new RouteStatsRecorder({ instanceId, store, logger: silent, clock: clockAt('10:00:59.000') });

  it('adds up the minutes two instances wrote, histograms included', async () => {
    const first = recorderOf('proxy-a');
    const second = recorderOf('proxy-b');
    for (let index = 0; index < 30; index += 1) first.record(anObservation({ routeId: 'videos.get', at: at('10:00:10.000'), durationMs: 10 }));
    first.record(anObservation({ routeId: 'videos.get', at: at('10:00:20.000'), status: 'failed', durationMs: 29_000, requestBytes: 5_000_000_000 }));
    for (let index = 0; index < 9; index += 1) second.record(anObservation({ routeId: 'videos.get', at: at('10:00:30.000'), status: 503, durationMs: 800 }));
    second.record(anObservation({ routeId: 'videos.get', target: 'legacy', at: at('10:00:30.000'), status: 404, durationMs: 40 }));

    await Promise.all([first.flush(), second.flush()]);

    const traffic = await store.trafficByRoute(at('10:00:00.000'), at('10:01:00.000'));
    expect(traffic.map(({ routeId, target, sample }) => ({ routeId, target, requests: sample.requests, errors: sample.errors }))).toEqual([
      { routeId: 'videos.get', target: 'lambda', requests: 40, errors: 10 },
      { routeId: 'videos.get', target: 'legacy', requests: 1, errors: 0 },
    ]);
    const lambda = traffic[0]!.sample;
    expect(lambda.requestBytes).toBe(5_000_000_000 + 39 * 100);
    expect(typeof lambda.responseBytes).toBe('number');
    expect(lambda.responseBytes).toBe(40 * 1_000);
    expect(lambda.latency.count).toBe(40);
    expect(lambda.latency.quantile(0.5)).toBe(10.7);
    expect(lambda.latency.quantile(0.8)).toBe(850.56);
    expect(lambda.latency.quantile(1)).toBe(32_608.52);
  });

  it('overwrites an instance’s row when it flushes the same minute again: no double count', async () => {
    const recorder = recorderOf('proxy-a');
    for (let index = 0; index < 3; index += 1) recorder.record(anObservation({ routeId: 'auth.login', at: at('10:00:05.000') }));
    await recorder.flush();
    recorder.record(anObservation({ routeId: 'auth.login', at: at('10:00:06.000'), status: 500 }));
    recorder.record(anObservation({ routeId: 'auth.login', at: at('10:00:07.000') }));

    await recorder.flush();

    const [traffic] = await store.trafficByRoute(at('10:00:00.000'), at('10:01:00.000')).then((rows) => rows.filter((row) => row.routeId === 'auth.login'));
    expect(traffic?.sample).toMatchObject({ requests: 5, errors: 1, requestBytes: 500, responseBytes: 5_000 });
    expect(traffic?.sample.latency.count).toBe(5);
    const [{ rows }] = await dataSource.query(`SELECT COUNT(*) AS rows FROM route_stats WHERE route_id = 'auth.login'`);
    expect(Number(rows)).toBe(1);
  });

  it('reads the minutes starting in [since, until), or all from since on', async () => {
    await store.saveMinuteTotals([
      totals({ routeId: 'transcoding.job', minute: at('11:00:00.000'), sample: aSample({ requests: 1 }) }),
      totals({ routeId: 'transcoding.job', minute: at('11:01:00.000'), sample: aSample({ requests: 2 }) }),
      totals({ routeId: 'transcoding.job', minute: at('11:02:00.000'), sample: aSample({ requests: 4 }) }),
    ]);

    const requestsBetween = async (since: Date, until?: Date) =>
      (await store.trafficByRoute(since, until)).filter((row) => row.routeId === 'transcoding.job').map((row) => row.sample.requests);

    expect(await requestsBetween(at('11:01:00.000'), at('11:02:00.000'))).toEqual([2]);
    expect(await requestsBetween(at('11:00:30.000'))).toEqual([6]);
    expect(await requestsBetween(at('11:03:00.000'))).toEqual([]);
  });

  it('reads days of minutes with the same totals, giving the event loop turns on SQLite (its queries run on the loop)', async () => {
    // A minute in seven over three days, two instances: 72 hours of spans.
    const start = new Date('2026-11-10T00:00:00Z').getTime();
    const minutes = Array.from({ length: Math.floor((3 * 1440) / 7) }, (_, index) => new Date(start + index * 7 * 60_000));
    await store.saveMinuteTotals(
      minutes.flatMap((minute, index) => [
        totals({ routeId: 'spans.read', minute, instanceId: 'proxy-a', sample: aSample({ requests: (index % 5) + 1, errors: 1 }) }),
        totals({ routeId: 'spans.read', minute, instanceId: 'proxy-b', target: 'legacy', sample: aSample({ requests: 2 }) }),
      ]),
    );
    const lambdaRequests = minutes.reduce((sum, _, index) => sum + (index % 5) + 1, 0);

    const { result: traffic, turns } = await countingEventLoopTurns(() => store.trafficByRoute(new Date(start), new Date(start + 3 * 86_400_000)));

    expect(traffic.map(({ routeId, target, sample }) => ({ routeId, target, requests: sample.requests, errors: sample.errors, latencies: sample.latency.count }))).toEqual([
      { routeId: 'spans.read', target: 'lambda', requests: lambdaRequests, errors: minutes.length, latencies: lambdaRequests },
      { routeId: 'spans.read', target: 'legacy', requests: 2 * minutes.length, errors: 0, latencies: 2 * minutes.length },
    ]);
    if (engine === 'sqlite') expect(turns).toBeGreaterThanOrEqual(72);
  });

  it('keeps counting a row whose latency buckets are of another layout, leaving out only its latencies', async () => {
    await store.saveMinuteTotals([
      totals({ routeId: 'auth.me', minute: at('13:00:00.000'), instanceId: 'proxy-a', sample: aSample({ requests: 2 }) }),
      totals({ routeId: 'auth.me', minute: at('13:00:00.000'), instanceId: 'proxy-old', sample: aSample({ requests: 3 }) }),
    ]);
    await dataSource.query(`UPDATE route_stats SET latency_buckets = '[1,2]' WHERE instance_id = 'proxy-old'`);

    const [traffic] = await store.trafficByRoute(at('13:00:00.000'), at('13:01:00.000'));

    expect(traffic?.sample.requests).toBe(5);
    expect(traffic?.sample.latency.count).toBe(2);
  });

  it('deletes every instance’s minutes before the cutoff, however many hours they span, and keeps the rest', async () => {
    const minute = (iso: string) => new Date(`${iso}Z`);
    await store.saveMinuteTotals([
      totals({ minute: minute('2026-08-01T09:00:00'), routeId: 'prune.a', instanceId: 'proxy-a' }),
      totals({ minute: minute('2026-08-01T09:00:00'), routeId: 'prune.a', instanceId: 'proxy-b', target: 'legacy' }),
      totals({ minute: minute('2026-08-03T17:59:00'), routeId: 'prune.b' }),
      totals({ minute: minute('2026-08-04T11:59:00'), routeId: 'prune.b' }),
      totals({ minute: minute('2026-08-04T12:00:00'), routeId: 'prune.b' }),
    ]);

    expect(await store.deleteMinutesBefore(minute('2026-08-04T12:00:00'))).toBe(4);
    expect(await store.deleteMinutesBefore(minute('2026-08-04T12:00:00'))).toBe(0);

    const left = await store.trafficByRoute(minute('2026-08-01T00:00:00'), minute('2026-08-05T00:00:00'));
    expect(left.map(({ routeId, target, sample }) => ({ routeId, target, requests: sample.requests }))).toEqual([{ routeId: 'prune.b', target: 'lambda', requests: 1 }]);
  });
});
