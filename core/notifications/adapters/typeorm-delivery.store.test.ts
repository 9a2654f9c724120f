import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { aVideoEvent, insertSubscription, insertUser } from '../notifications-test-kit';
import { DeliveryEntity } from './delivery.entity';
import { TypeormDeliveryStore } from './typeorm-delivery.store';
import { enqueueDeliveries } from './typeorm-outbox';
import { inTransaction } from '../../database/transaction';

const t0 = new Date('2026-11-23T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe.each(engines)('TypeormDeliveryStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TypeormDeliveryStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    store = new TypeormDeliveryStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  beforeEach(async () => {
    await dataSource.createQueryBuilder().delete().from(DeliveryEntity).execute();
  });

  /** One pending delivery, due at `dueAt`; returns its id. */
  async function aDelivery(dueAt = t0): Promise<string> {
    const ownerId = await insertUser(dataSource);
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/a' });
    const event = aVideoEvent(ownerId, { occurredAt: dueAt });
    await inTransaction(dataSource, (manager) => enqueueDeliveries(manager, event));
    const [row] = await dataSource.getRepository(DeliveryEntity).findBy({ eventKey: event.key });
    if (!row) throw new Error('no delivery was enqueued');
    return row.id;
  }

  const outcome = { status: 'delivered' as const, attempts: 1, lastError: null, nextAttemptAt: at(1), deliveredAt: at(1) };

  it('finds pending deliveries that are due and held by nobody, the longest waiting first', async () => {
    const later = await aDelivery(at(-10));
    const earliest = await aDelivery(at(-20));
    await aDelivery(at(30));
    const held = await aDelivery(at(-30));
    await store.claim(held, t0, at(60));
    const done = await aDelivery(at(-40));
    const doneClaim = await store.claim(done, t0, at(60));
    if (doneClaim) await store.recordAttempt(doneClaim, outcome);

    expect(await store.findDue(t0, 10)).toEqual([earliest, later]);
    expect(await store.findDue(t0, 1)).toEqual([earliest]);
  });

  it('lets one sender hold a delivery until its claim expires, then another take it over', async () => {
    const id = await aDelivery();

    const first = await store.claim(id, t0, at(60));
    expect(first).toMatchObject({
      delivery: { id, status: 'pending', attempts: 0 },
      subscription: { channel: 'webhook', target: 'https://hooks.example.com/a', secret: 'whsec_test-secret' },
      lockedUntil: at(60),
    });
    expect(await store.claim(id, at(30), at(90))).toBeUndefined();
    const second = await store.claim(id, at(61), at(121));
    expect(second?.lockedUntil).toEqual(at(121));

    // The first sender's late result is fenced off; the current holder's counts.
    expect(await store.recordAttempt(first!, outcome)).toBe(false);
    expect(await store.recordAttempt(second!, outcome)).toBe(true);
    expect(await dataSource.getRepository(DeliveryEntity).findOneBy({ id })).toMatchObject({ status: 'delivered', lockedUntil: null, deliveredAt: at(1) });
  });

  it('claims nothing that is not due or no longer pending', async () => {
    const notYet = await aDelivery(at(30));
    expect(await store.claim(notYet, t0, at(60))).toBeUndefined();
    const done = await aDelivery();
    await store.recordAttempt((await store.claim(done, t0, at(60)))!, outcome);
    expect(await store.claim(done, at(120), at(180))).toBeUndefined();
  });

  it('reports a delivery whose subscription was deleted as gone, whether before or after the claim', async () => {
    const before = await aDelivery();
    const claimed = await aDelivery();
    const claim = await store.claim(claimed, t0, at(60));
    await dataSource.query('DELETE FROM subscriptions');

    expect(await store.claim(before, t0, at(60))).toBeUndefined();
    expect(await store.recordAttempt(claim!, outcome)).toBe(false);
  });
});
