import type { VideoEventName } from './delivery';

/** One delivery as a channel sends it: the stored payload, to the subscription's target. */
export interface OutgoingNotification {
  readonly deliveryId: string;
  readonly event: VideoEventName;
  readonly videoId: string;
  readonly target: string;
  /** The webhook signing secret; null for e-mail. */
  readonly secret: string | null;
  /** The exact JSON body, the same bytes on every attempt. */
  readonly payload: string;
}

/** Sends over one channel (webhook, e-mail); resolves when the receiver accepted the notification. */
export interface NotificationSender {
  send(notification: OutgoingNotification): Promise<void>;
}

/** An attempt that did not get through; the message is what the owner reads as the delivery's lastError. */
export class DeliveryFailedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryFailedError';
  }
}
