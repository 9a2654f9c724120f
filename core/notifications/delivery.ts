export const videoEventNames = ['video.ready', 'video.failed'] as const;
export type VideoEventName = (typeof videoEventNames)[number];

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event sent (or being sent) to one subscription: a row of the outbox. */
export interface Delivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly ownerId: string;
  readonly event: VideoEventName;
  /** Identifies the occurrence of the event, so a replay adds nothing. */
  readonly eventKey: string;
  readonly videoId: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  /** The JSON body of the notification, fixed at creation so every retry sends the same bytes. */
  readonly payload: string;
  readonly nextAttemptAt: Date;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
}
