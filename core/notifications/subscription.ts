import type { VideoEventName } from './delivery';

export type Channel = 'webhook' | 'email';

/** Who wants to hear about which of an owner's video events, and where. */
export interface Subscription {
  readonly id: string;
  readonly ownerId: string;
  readonly channel: Channel;
  /** An http(s) URL for webhooks, an address for e-mail. */
  readonly target: string;
  readonly events: readonly VideoEventName[];
  /** HMAC key of a webhook; null for e-mail. */
  readonly secret: string | null;
  readonly createdAt: Date;
}
