import type { Repository } from 'typeorm';
import type { RepositorySource } from '../../database/repository-source';
import { videoEventNames, type VideoEventName } from '../delivery';
import type { Subscription } from '../subscription';
import type { SubscriptionStore } from '../subscription.store';
import { SubscriptionEntity } from './subscription.entity';

const isVideoEventName = (name: unknown): name is VideoEventName => videoEventNames.some((known) => known === name);

/** The stored JSON list of event names; a name this version does not know is left out (fail closed). */
export function parseEventNames(stored: string): VideoEventName[] {
  const names: unknown = JSON.parse(stored);
  return Array.isArray(names) ? names.filter(isVideoEventName) : [];
}

const toSubscription = (row: SubscriptionEntity): Subscription => ({
  id: row.id,
  ownerId: row.ownerId,
  channel: row.channel,
  target: row.target,
  events: parseEventNames(row.events),
  secret: row.secret,
  createdAt: row.createdAt,
});

/** Subscriptions in the relational database (SQLite or PostgreSQL). */
export class TypeormSubscriptionStore implements SubscriptionStore {
  private readonly subscriptions: Repository<SubscriptionEntity>;

  constructor(source: RepositorySource) {
    this.subscriptions = source.getRepository(SubscriptionEntity);
  }

  async create(subscription: Subscription): Promise<void> {
    await this.subscriptions.insert({ ...subscription, events: JSON.stringify(subscription.events) });
  }

  async listByOwner(ownerId: string): Promise<Subscription[]> {
    const rows = await this.subscriptions.find({ where: { ownerId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return rows.map(toSubscription);
  }

  async removeOwned(ownerId: string, id: string): Promise<boolean> {
    // The foreign key cascades to the subscription's deliveries.
    const result = await this.subscriptions.delete({ id, ownerId });
    return result.affected === 1;
  }
}
