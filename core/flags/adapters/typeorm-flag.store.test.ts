import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import type { FlagState } from '../flag';
import { ConcurrentFlagChangeError } from '../flag.errors';
import { flagChangeChannel } from '../flag-change-channel';
import { flagOf, stateChange } from '../flag-test-kit';
import { TypeormFlagStore } from './typeorm-flag.store';

const at = new Date('2026-11-23T10:00:00.000Z');
const change = (toState: FlagState, expectedVersion: number, fromState: FlagState = 'legacy') =>
  stateChange({ scope: 'capability', name: 'auth', fromState, toState, reason: 'test', actor: 'tester', expectedVersion, at });

describe.each(engines)('TypeormFlagStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TypeormFlagStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    store = new TypeormFlagStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('stores a change with its audit entry, whose id becomes the version', async () => {
    const first = await store.change(change('lambda', 0));
    const second = await store.change(change('legacy', first.id, 'lambda'));
    expect(second.id).toBeGreaterThan(first.id);
    expect(await store.list()).toEqual([{ ...flagOf('capability', 'auth', 'legacy', second.id), updatedAt: at, updatedBy: 'tester' }]);
    expect((await store.history(10)).map((entry) => [entry.fromState, entry.toState])).toEqual([
      ['lambda', 'legacy'],
      ['legacy', 'lambda'],
    ]);
  });

  it('refuses a change based on a version that is no longer current, and audits nothing', async () => {
    const before = await store.history(100);
    await expect(store.change(change('lambda', 1))).rejects.toThrow(ConcurrentFlagChangeError);
    await expect(store.change(change('lambda', 0))).rejects.toThrow(ConcurrentFlagChangeError);
    expect(await store.history(100)).toEqual(before);
  });

  it('reads a state it does not know as legacy (fail closed)', async () => {
    const [current] = await store.list();
    await dataSource.query(`UPDATE route_flags SET state = 'quantum' WHERE name = 'auth'`);
    expect((await store.list())[0]).toMatchObject({ state: 'legacy', version: current!.version });
  });

  it('keeps a canary’s share and ramp, a reverse shadow, and the audit’s percent, forcing and evidence', async () => {
    const [current] = await store.list();
    const ramp = { steps: [5, 25, 100], stepIndex: 1, holdSeconds: 60 };
    const canary = await store.change({
      ...change('canary', current!.version, current!.state),
      to: { state: 'canary', canaryPercent: 25, reverseShadow: false, ramp },
      forced: true,
      evidence: { parity: { 'auth.me': { rate: 0.5, sample: 4 } } },
    });
    expect((await store.list())[0]).toMatchObject({ state: 'canary', canaryPercent: 25, reverseShadow: false, ramp });
    expect((await store.history(1))[0]).toMatchObject({ id: canary.id, toState: 'canary', toPercent: 25, forced: true, evidence: { parity: { 'auth.me': { rate: 0.5, sample: 4 } } } });
    await store.change({ ...change('lambda', canary.id, 'canary'), to: { state: 'lambda', canaryPercent: 0, reverseShadow: true, ramp: null } });
    expect((await store.list())[0]).toMatchObject({ state: 'lambda', canaryPercent: 0, reverseShadow: true, ramp: null });
  });

  it('answers the latest version cheaply, and filters the history', async () => {
    const latest = await store.latestVersion();
    expect(latest).toBe((await store.history(1))[0]!.id);
    await store.change(stateChange({ scope: 'route', name: 'auth.me', fromState: 'legacy', toState: 'shadow', reason: 'test', actor: 'bob', expectedVersion: 0, at }));
    expect(await store.latestVersion()).toBeGreaterThan(latest);
    expect((await store.history(10, { actor: 'bob' })).map((entry) => entry.name)).toEqual(['auth.me']);
    expect((await store.history(10, { scope: 'capability', name: 'auth' })).every((entry) => entry.name === 'auth')).toBe(true);
  });

  it('removes a route’s override with an audit entry that says the route follows its capability; refuses a stale removal', async () => {
    const added = await store.change(stateChange({ scope: 'route', name: 'auth.login', fromState: 'legacy', toState: 'lambda', reason: 'test', actor: 'carol', expectedVersion: 0, at }));
    const removal = { name: 'auth.login', fromState: 'lambda' as const, reason: 'follow auth again', actor: 'carol', at, forced: false, evidence: { parity: {} } };
    const before = await store.history(100);
    await expect(store.removeRouteFlag({ ...removal, expectedVersion: added.id - 1 })).rejects.toThrow(ConcurrentFlagChangeError);
    expect(await store.history(100)).toEqual(before);

    const removed = await store.removeRouteFlag({ ...removal, expectedVersion: added.id });

    expect((await store.list()).map((flag) => flag.name)).not.toContain('auth.login');
    expect(await store.latestVersion()).toBe(removed.id);
    expect((await store.history(1))[0]).toMatchObject({ id: removed.id, scope: 'route', name: 'auth.login', fromState: 'lambda', toState: 'inherit', reason: 'follow auth again', actor: 'carol', forced: false, evidence: { parity: {} } });
    await expect(store.removeRouteFlag({ ...removal, expectedVersion: added.id })).rejects.toThrow(ConcurrentFlagChangeError);
  });

  it.runIf(engine === 'postgres')('announces a committed change on the flag channel, never a refused one (PostgreSQL only: SQLite has no NOTIFY, proxies poll it)', async () => {
    const { Client } = await import('pg');
    const listener = new Client({ connectionString: String(dataSource.options.type === 'postgres' && dataSource.options.url) });
    await listener.connect();
    const payloads: string[] = [];
    listener.on('notification', (message) => payloads.push(String(message.payload)));
    await listener.query(`LISTEN ${flagChangeChannel}`);
    try {
      const [current] = (await store.list()).filter((flag) => flag.name === 'auth');
      await expect(store.change(change('legacy', 0))).rejects.toThrow(ConcurrentFlagChangeError);
      const committed = await store.change(change(current!.state === 'legacy' ? 'shadow' : 'legacy', current!.version, current!.state));
      await expect.poll(() => payloads, { timeout: 2000 }).toEqual([String(committed.id)]);
    } finally {
      await listener.end();
    }
  });
});
