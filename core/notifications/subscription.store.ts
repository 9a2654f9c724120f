import type { Subscription } from './subscription';

/** Where subscriptions live. */
export interface SubscriptionStore {
  create(subscription: Subscription): Promise<void>;
  /** The owner's subscriptions, newest first. */
  listByOwner(ownerId: string): Promise<Subscription[]>;
  /** Removes the owner's subscription and its deliveries; false when the owner has no such subscription. */
  removeOwned(ownerId: string, id: string): Promise<boolean>;
}
