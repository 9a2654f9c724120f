import type { Delivery, DeliveryStatus, VideoEventName } from './delivery';
import type { Channel, Subscription } from './subscription';

/** The Subscription object of the legacy API; `secret` appears only in the answer to its creation. */
export interface SubscriptionView {
  id: string;
  channel: Channel;
  target: string;
  events: VideoEventName[];
  createdAt: string;
  secret?: string;
}

/** The Delivery object of the legacy API. */
export interface DeliveryView {
  id: string;
  subscriptionId: string;
  event: VideoEventName;
  videoId: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Projects a subscription onto the legacy API's shape, without its secret. */
export function toSubscriptionView(subscription: Subscription): SubscriptionView {
  return {
    id: subscription.id,
    channel: subscription.channel,
    target: subscription.target,
    events: [...subscription.events],
    createdAt: subscription.createdAt.toISOString(),
  };
}

/** Projects a delivery onto the legacy API's shape (no payload, no scheduling internals). */
export function toDeliveryView(delivery: Delivery): DeliveryView {
  return {
    id: delivery.id,
    subscriptionId: delivery.subscriptionId,
    event: delivery.event,
    videoId: delivery.videoId,
    status: delivery.status,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}
