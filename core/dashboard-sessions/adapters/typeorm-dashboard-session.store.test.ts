import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { FixedClock } from '../../auth/auth-test-kit';
import { DashboardSessionEntity } from './dashboard-session.entity';
import { TypeormDashboardSessionStore } from './typeorm-dashboard-session.store';

describe.each(engines)('TypeormDashboardSessionStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const storeAt = (clock: FixedClock, maxSessions = 10) => new TypeormDashboardSessionStore(dataSource, { clock, ttlSeconds: 60, maxSessions });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('finds a session by its random id until it expires, from another instance too', async () => {
    const clock = new FixedClock(new Date('2026-12-03T08:00:00Z'));
    const session = await storeAt(clock).open('alice (admin token)');
    expect(session.id).toMatch(/^[\w-]{43}$/);
    expect(session.csrfToken).not.toBe(session.id);
    const otherInstance = storeAt(clock);
    expect(await otherInstance.find(session.id)).toEqual(session);
    clock.advanceSeconds(60);
    expect(await otherInstance.find(session.id)).toBeUndefined();
  });

  it('keeps only a hash of the id: the table alone signs no one in', async () => {
    const session = await storeAt(new FixedClock(new Date('2026-12-03T08:00:00Z'))).open('carol');
    const rows = await dataSource.getRepository(DashboardSessionEntity).findBy({ actor: 'carol' });
    expect(rows.map((row) => row.idHash)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(JSON.stringify(rows)).not.toContain(session.id);
  });

  it('forgets a closed session, and unknown or missing ids find nothing', async () => {
    const store = storeAt(new FixedClock(new Date('2026-12-03T08:00:00Z')));
    const session = await store.open('bob');
    await store.close(session.id);
    expect(await store.find(session.id)).toBeUndefined();
    expect(await store.find('made-up')).toBeUndefined();
    expect(await store.find(undefined)).toBeUndefined();
  });

  it('lets the oldest sessions go beyond the limit, and clears expired ones at each login', async () => {
    await dataSource.getRepository(DashboardSessionEntity).clear();
    const clock = new FixedClock(new Date('2026-12-04T08:00:00Z'));
    const store = storeAt(clock, 2);
    const opened = [];
    for (const actor of ['a', 'b', 'c']) {
      opened.push(await store.open(actor));
      clock.advanceSeconds(1);
    }
    expect(await Promise.all(opened.map(async (session) => (await store.find(session.id))?.actor))).toEqual([undefined, 'b', 'c']);

    clock.advanceSeconds(60);
    await store.open('d');
    expect((await dataSource.getRepository(DashboardSessionEntity).find()).map((row) => row.actor)).toEqual(['d']);
  });
});
