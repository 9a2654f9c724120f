import type { Delivery } from './delivery';
import type { AttemptOutcome } from './delivery-attempt';
import type { Subscription } from './subscription';

/** A delivery one sender holds until `lockedUntil`; the instant also fences its result. */
export interface ClaimedDelivery {
  readonly delivery: Delivery;
  readonly subscription: Pick<Subscription, 'id' | 'channel' | 'target' | 'secret'>;
  readonly lockedUntil: Date;
}

/** The outbox as its senders and its owners see it. */
export interface DeliveryStore {
  /** The owner's deliveries, newest first. */
  listByOwner(ownerId: string, limit: number): Promise<Delivery[]>;
  /** Ids of pending deliveries due at `now` that nobody holds, the longest waiting first. */
  findDue(now: Date, limit: number): Promise<string[]>;
  /** Takes a due delivery until `lockedUntil`; undefined when another sender was faster or it is gone. */
  claim(id: string, now: Date, lockedUntil: Date): Promise<ClaimedDelivery | undefined>;
  /** Records an attempt; false when the row is gone or the claim expired and another sender took it. */
  recordAttempt(claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<boolean>;
}
