/** Handles one delivered event; a rejection asks for the event to be delivered again. */
export type EventHandler = (event: unknown) => Promise<void>;

/**
 * Topics that fan events out to every subscriber, delivered asynchronously and at least once (SNS,
 * EventBridge and S3 notifications in AWS; InProcessEventBus locally). Handlers must be idempotent.
 */
export interface EventBus {
  /** Resolves once the event is accepted, before any handler ran. */
  publish(topic: string, event: unknown): Promise<void>;
  subscribe(topic: string, handler: EventHandler): void;
}
