import type { Repository } from 'typeorm';
import type { RepositorySource } from '../../database/repository-source';
import type { Delivery } from '../delivery';
import type { AttemptOutcome } from '../delivery-attempt';
import type { ClaimedDelivery, DeliveryStore } from '../delivery.store';
import { DeliveryEntity } from './delivery.entity';
import { SubscriptionEntity } from './subscription.entity';

const toDelivery = (row: DeliveryEntity): Delivery => ({
  id: row.id,
  subscriptionId: row.subscriptionId,
  ownerId: row.ownerId,
  event: row.event,
  eventKey: row.eventKey,
  videoId: row.videoId,
  status: row.status,
  attempts: row.attempts,
  lastError: row.lastError,
  payload: row.payload,
  nextAttemptAt: row.nextAttemptAt,
  createdAt: row.createdAt,
  deliveredAt: row.deliveredAt,
});

/** The outbox in the relational database; claims are conditional UPDATEs, so any number of senders may share it. */
export class TypeormDeliveryStore implements DeliveryStore {
  private readonly deliveries: Repository<DeliveryEntity>;
  private readonly subscriptions: Repository<SubscriptionEntity>;

  constructor(source: RepositorySource) {
    this.deliveries = source.getRepository(DeliveryEntity);
    this.subscriptions = source.getRepository(SubscriptionEntity);
  }

  async listByOwner(ownerId: string, limit: number): Promise<Delivery[]> {
    const rows = await this.deliveries.find({ where: { ownerId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.map(toDelivery);
  }

  async findDue(now: Date, limit: number): Promise<string[]> {
    const rows = await this.deliveries
      .createQueryBuilder('delivery')
      .select('delivery.id', 'id')
      .where("delivery.status = 'pending'")
      .andWhere('delivery.next_attempt_at <= :now', { now })
      .andWhere('(delivery.locked_until IS NULL OR delivery.locked_until <= :now)')
      .orderBy('delivery.next_attempt_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  async claim(id: string, now: Date, lockedUntil: Date): Promise<ClaimedDelivery | undefined> {
    // The same conditions as findDue, re-checked by the database on the row itself: of two senders
    // that picked the same id, exactly one UPDATE matches.
    const result = await this.deliveries
      .createQueryBuilder()
      .update(DeliveryEntity)
      .set({ lockedUntil })
      .where('id = :id', { id })
      .andWhere("status = 'pending'")
      .andWhere('next_attempt_at <= :now', { now })
      .andWhere('(locked_until IS NULL OR locked_until <= :now)')
      .execute();
    if (result.affected !== 1) return undefined;
    const row = await this.deliveries.findOneBy({ id });
    // Deleting the subscription meanwhile deletes its deliveries too (foreign key cascade).
    const subscription = row && (await this.subscriptions.findOneBy({ id: row.subscriptionId }));
    if (!row || !subscription) return undefined;
    const { channel, target, secret } = subscription;
    return { delivery: toDelivery(row), subscription: { id: subscription.id, channel, target, secret }, lockedUntil };
  }

  async recordAttempt(claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<boolean> {
    // Fenced by the claim: a sender whose claim expired and was taken over records nothing.
    const result = await this.deliveries
      .createQueryBuilder()
      .update(DeliveryEntity)
      .set({ ...outcome, lockedUntil: null })
      .where('id = :id', { id: claim.delivery.id })
      .andWhere('locked_until = :lockedUntil', { lockedUntil: claim.lockedUntil })
      .execute();
    return result.affected === 1;
  }
}
