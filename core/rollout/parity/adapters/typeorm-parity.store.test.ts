import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../../test/support/test-database';
import type { Clock } from '../../../clock/clock';
import { aCapturedResponse } from '../captured-response.builder';
import { ParityRecorder } from '../parity-recorder';
import type { ParityMismatch } from '../parity.store';
import { toStoredResponse } from '../stored-response';
import { TypeormParityStore } from './typeorm-parity.store';

const minute = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00.000Z`);
const clockAt = (at: Date): Clock => ({ now: () => at });

const aMismatch = (routeId: string, observedAt: Date, requestId = 'req-1'): Omit<ParityMismatch, 'id'> => ({
  routeId,
  observedAt,
  requestId,
  method: 'GET',
  path: '/api/users/me',
  differences: [
    { path: 'body.user.name', primary: 'Ada', shadow: 'Bob' },
    { path: 'header:retry-after', primary: '5', shadow: undefined },
  ],
  primary: toStoredResponse(aCapturedResponse({ body: Buffer.from('{"user":{"name":"Ada"}}') })),
  shadow: toStoredResponse(aCapturedResponse({ target: 'lambda', body: Buffer.from('{"user":{"name":"Bob"}}') })),
});

describe.each(engines)('TypeormParityStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TypeormParityStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    store = new TypeormParityStore(dataSource, { mismatchesPerRoute: 3 });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  describe('counts', () => {
    it('adds counts to what is there instead of overwriting it, per minute, route and instance', async () => {
      const counts = { minute: minute('08:00'), routeId: 'adds.up', instanceId: 'proxy-a', compared: 3, matched: 2, dropped: 1 };
      await store.addCounts([counts]);
      await store.addCounts([counts, { ...counts, instanceId: 'proxy-b' }]);
      expect((await store.parityByRoute(minute('08:00'))).get('adds.up')).toEqual({ compared: 9, matched: 6, dropped: 3 });
      const rows = await dataSource.query(`SELECT compared FROM parity_stats WHERE route_id = 'adds.up' ORDER BY instance_id`);
      expect(rows.map((row: { compared: number }) => Number(row.compared))).toEqual([6, 3]);
    });

    it('merges entries for the same row given in one call', async () => {
      const counts = { minute: minute('08:01'), routeId: 'same.row', instanceId: 'proxy-a', compared: 1, matched: 1, dropped: 0 };
      await store.addCounts([counts, counts]);
      expect((await store.parityByRoute(minute('08:01'))).get('same.row')).toEqual({ compared: 2, matched: 2, dropped: 0 });
    });

    it('loses nothing to concurrent writers on the same rows', async () => {
      const counts = { minute: minute('08:02'), routeId: 'concurrent', instanceId: 'proxy-a', compared: 1, matched: 1, dropped: 0 };
      await Promise.all(Array.from({ length: 20 }, () => store.addCounts([counts])));
      expect((await store.parityByRoute(minute('08:02'))).get('concurrent')?.compared).toBe(20);
    });

    it('writes many rows at once', async () => {
      const counts = Array.from({ length: 250 }, (_, index) => ({ minute: new Date(minute('07:00').getTime() - index * 60_000), routeId: 'many.rows', instanceId: 'proxy-a', compared: 1, matched: 0, dropped: 0 }));
      await store.addCounts(counts);
      expect((await store.parityByRoute(new Date(0))).get('many.rows')?.compared).toBe(250);
    });

    it('adds up only the minutes from `since` on, route by route', async () => {
      const at = (hhmm: string, routeId: string, compared: number) => ({ minute: minute(hhmm), routeId, instanceId: 'proxy-a', compared, matched: compared, dropped: 0 });
      await store.addCounts([at('09:00', 'window.a', 1), at('09:01', 'window.a', 10), at('09:02', 'window.a', 100), at('09:02', 'window.b', 5)]);
      const parity = await store.parityByRoute(minute('09:01'));
      expect(parity.get('window.a')).toEqual({ compared: 110, matched: 110, dropped: 0 });
      expect(parity.get('window.b')).toEqual({ compared: 5, matched: 5, dropped: 0 });
      expect(parity.has('adds.up')).toBe(false);
    });

    it('adds up the flushes of two recorders (two proxy instances), each flushing twice', async () => {
      const at = new Date('2026-11-23T11:00:30.000Z');
      const recorders = ['proxy-a', 'proxy-b'].map((instanceId) => new ParityRecorder(store, { instanceId, flushMs: 60_000, clock: clockAt(at), onFlushError: () => undefined }));
      for (const recorder of recorders) {
        recorder.recordComparison('recorded', true);
        recorder.recordComparison('recorded', false);
        recorder.recordDrop('recorded');
      }
      await Promise.all(recorders.map((recorder) => recorder.flush()));
      for (const recorder of recorders) recorder.recordComparison('recorded', true);
      await Promise.all(recorders.map((recorder) => recorder.stop()));
      expect((await store.parityByRoute(minute('11:00'))).get('recorded')).toEqual({ compared: 6, matched: 4, dropped: 2 });
    });

    it('deletes every instance’s minutes before the cutoff, however many hours they span, and keeps the rest', async () => {
      const at = (iso: string, routeId: string, instanceId = 'proxy-a') => ({ minute: new Date(`${iso}Z`), routeId, instanceId, compared: 1, matched: 1, dropped: 0 });
      await store.addCounts([
        at('2026-08-01T09:00:00', 'prune.a'),
        at('2026-08-01T09:00:00', 'prune.a', 'proxy-b'),
        at('2026-08-03T17:59:00', 'prune.b'),
        at('2026-08-04T11:59:00', 'prune.b'),
        at('2026-08-04T12:00:00', 'prune.b'),
      ]);

      expect(await store.deleteMinutesBefore(new Date('2026-08-04T12:00:00Z'))).toBe(4);
      expect(await store.deleteMinutesBefore(new Date('2026-08-04T12:00:00Z'))).toBe(0);

      const left = await store.parityByRoute(new Date('2026-08-01T00:00:00Z'));
      expect([left.get('prune.a'), left.get('prune.b')]).toEqual([undefined, { compared: 1, matched: 1, dropped: 0 }]);
    });
  });

  describe('mismatches', () => {
    it('keeps a mismatch with its differences and both responses, and finds it by id', async () => {
      const recorded = await store.recordMismatch(aMismatch('kept.whole', minute('10:00')));
      const found = await store.getMismatch(recorded.id);
      expect(found).toEqual(recorded);
      expect(found).toMatchObject({ ...aMismatch('kept.whole', minute('10:00')), differences: [{ path: 'body.user.name', primary: 'Ada', shadow: 'Bob' }, { path: 'header:retry-after', primary: '5' }] });
      expect(found?.observedAt).toEqual(minute('10:00'));
    });

    it('finds nothing for an unknown or malformed id', async () => {
      expect(await store.getMismatch('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(await store.getMismatch('not-a-uuid')).toBeUndefined();
    });

    it('lists newest first, of one route or of all', async () => {
      await store.recordMismatch(aMismatch('listed.a', minute('10:01'), 'first'));
      await store.recordMismatch(aMismatch('listed.b', minute('10:03'), 'third'));
      await store.recordMismatch(aMismatch('listed.a', minute('10:02'), 'second'));
      expect((await store.listMismatches('listed.a', 10)).map((mismatch) => mismatch.requestId)).toEqual(['second', 'first']);
      expect((await store.listMismatches(undefined, 3)).map((mismatch) => mismatch.requestId)).toEqual(['third', 'second', 'first']);
    });

    it('keeps only the newest few of a route, leaving other routes alone', async () => {
      for (const [index, hhmm] of ['12:03', '12:01', '12:04', '12:02', '12:05'].entries()) await store.recordMismatch(aMismatch('pruned', minute(hhmm), `m${index}`));
      expect((await store.listMismatches('pruned', 10)).map((mismatch) => mismatch.observedAt)).toEqual([minute('12:05'), minute('12:04'), minute('12:03')]);
      expect(await store.listMismatches('listed.a', 10)).toHaveLength(2);
    });

    it('cuts an over-long request id and path to what the columns hold', async () => {
      const recorded = await store.recordMismatch({ ...aMismatch('long.values', minute('10:00'), 'r'.repeat(128)), path: `/api/${'p'.repeat(3000)}` });
      const found = await store.getMismatch(recorded.id);
      expect(found?.requestId).toHaveLength(100);
      expect(found?.path).toHaveLength(2000);
    });
  });
});
