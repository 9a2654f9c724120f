import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import type { VideoEvent } from '../video-event';
import { DeliveryEntity } from './delivery.entity';
import { SubscriptionEntity } from './subscription.entity';
import { parseEventNames } from './typeorm-subscription.store';

/**
 * Writes one pending delivery per subscription of the owner that wants this event, inside the
 * caller's transaction (the one that marks the video ready or failed), so a notification exists
 * exactly when the change it announces does. A replayed event (same key) adds nothing.
 * On SQLite, call it after the transaction's first write (which takes the write lock): a
 * transaction that only read so far may fail to upgrade its lock. Returns how many were created.
 */
export async function enqueueDeliveries(manager: EntityManager, event: VideoEvent, newId: () => string = randomUUID): Promise<number> {
  const subscriptions = (await manager.getRepository(SubscriptionEntity).findBy({ ownerId: event.ownerId })).filter((subscription) =>
    parseEventNames(subscription.events).includes(event.name),
  );
  if (subscriptions.length === 0) return 0;
  const deliveries = manager.getRepository(DeliveryEntity);
  const existing = await deliveries.find({
    select: { subscriptionId: true },
    where: { eventKey: event.key, subscriptionId: In(subscriptions.map((subscription) => subscription.id)) },
  });
  const served = new Set(existing.map((delivery) => delivery.subscriptionId));
  const rows = subscriptions
    .filter((subscription) => !served.has(subscription.id))
    .map((subscription): DeliveryEntity => {
      const id = newId();
      return {
        id,
        subscriptionId: subscription.id,
        ownerId: event.ownerId,
        event: event.name,
        eventKey: event.key,
        videoId: event.videoId,
        status: 'pending',
        attempts: 0,
        lastError: null,
        payload: JSON.stringify({ id, event: event.name, occurredAt: event.occurredAt.toISOString(), video: event.video }),
        nextAttemptAt: event.occurredAt,
        lockedUntil: null,
        createdAt: event.occurredAt,
        deliveredAt: null,
      };
    });
  if (rows.length === 0) return 0;
  // The select above handles replays; ON CONFLICT DO NOTHING (the same SQL on SQLite and PostgreSQL)
  // covers a concurrent replay committed since, without the failed statement that would abort a
  // PostgreSQL transaction. Counting our own ids afterwards tells how many rows really went in.
  await deliveries.createQueryBuilder().insert().into(DeliveryEntity).values(rows).orIgnore().execute();
  return deliveries.countBy({ id: In(rows.map((row) => row.id)) });
}
