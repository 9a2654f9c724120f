import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import type { FlagState } from '../flag';
import { ConcurrentFlagChangeError } from '../flag.errors';
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
});
