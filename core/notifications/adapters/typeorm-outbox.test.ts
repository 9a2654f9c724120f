import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { aVideoEvent, insertSubscription, insertUser } from '../notifications-test-kit';
import { DeliveryEntity } from './delivery.entity';
import { enqueueDeliveries } from './typeorm-outbox';
import { inTransaction } from '../../database/transaction';

describe.each(engines)('enqueueDeliveries on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  const deliveriesOf = (ownerId: string) => dataSource.getRepository(DeliveryEntity).find({ where: { ownerId }, order: { subscriptionId: 'ASC' } });
  const enqueue = (event: Parameters<typeof enqueueDeliveries>[1], newId?: () => string) =>
    inTransaction(dataSource, (manager) => enqueueDeliveries(manager, event, newId));

  it("writes one pending delivery per subscription of the owner that wants the event, and nobody else's", async () => {
    const ownerId = await insertUser(dataSource);
    const otherOwnerId = await insertUser(dataSource);
    const webhook = await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/a' });
    const email = await insertSubscription(dataSource, { ownerId, channel: 'email', target: 'ada@example.com', secret: null, events: ['video.ready'] });
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/failures', events: ['video.failed'] });
    await insertSubscription(dataSource, { ownerId: otherOwnerId, target: 'https://hooks.example.com/other' });
    const event = aVideoEvent(ownerId);

    expect(await enqueue(event)).toBe(2);

    const rows = await deliveriesOf(ownerId);
    expect(rows.map((row) => row.subscriptionId).sort()).toEqual([webhook.id, email.id].sort());
    for (const row of rows) {
      expect(row).toMatchObject({
        ownerId,
        event: 'video.ready',
        eventKey: event.key,
        videoId: event.videoId,
        status: 'pending',
        attempts: 0,
        lastError: null,
        nextAttemptAt: event.occurredAt,
        lockedUntil: null,
        createdAt: event.occurredAt,
        deliveredAt: null,
      });
    }
    expect(await deliveriesOf(otherOwnerId)).toEqual([]);
  });

  it('stores the exact body to send: {id, event, occurredAt, video}, the id being the delivery id', async () => {
    const ownerId = await insertUser(dataSource);
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/a' });
    const event = aVideoEvent(ownerId, { video: { id: 'v', title: 'Zürich "by night"', renditions: [], error: null } });
    const id = randomUUID();

    await enqueue(event, () => id);

    const [row] = await deliveriesOf(ownerId);
    expect(row?.id).toBe(id);
    expect(row?.payload).toBe(
      `{"id":"${id}","event":"video.ready","occurredAt":"2026-11-23T10:00:00.000Z","video":{"id":"v","title":"Zürich \\"by night\\"","renditions":[],"error":null}}`,
    );
  });

  it('adds nothing when the same event is replayed, and only the missing one for a new subscription', async () => {
    const ownerId = await insertUser(dataSource);
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/a' });
    const event = aVideoEvent(ownerId);
    expect(await enqueue(event)).toBe(1);

    expect(await enqueue(event)).toBe(0);
    const added = await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/b' });
    expect(await enqueue(event)).toBe(1);

    const rows = await deliveriesOf(ownerId);
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.subscriptionId === added.id)).toHaveLength(1);
  });

  it('lets replays of one event race without a second delivery or a failed transaction', async () => {
    const ownerId = await insertUser(dataSource);
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/a' });
    const event = aVideoEvent(ownerId);

    const created = await Promise.all([enqueue(event), enqueue(event), enqueue(event)]);

    expect(created.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(await deliveriesOf(ownerId)).toHaveLength(1);
  });

  it('leaves nothing behind when the transaction that wrote the deliveries rolls back', async () => {
    const ownerId = await insertUser(dataSource);
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/a' });

    const failing = inTransaction(dataSource, async (manager) => {
      expect(await enqueueDeliveries(manager, aVideoEvent(ownerId))).toBe(1);
      throw new Error('marking the video ready failed');
    });

    await expect(failing).rejects.toThrow('marking the video ready failed');
    expect(await deliveriesOf(ownerId)).toEqual([]);
  });

  it('creates nothing for an owner without subscriptions to the event', async () => {
    const ownerId = await insertUser(dataSource);
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/a', events: ['video.ready'] });
    expect(await enqueue(aVideoEvent(ownerId, { name: 'video.failed' }))).toBe(0);
    expect(await enqueue(aVideoEvent(await insertUser(dataSource)))).toBe(0);
  });
});
