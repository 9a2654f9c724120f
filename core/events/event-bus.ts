/** Handles one delivered event; a rejection asks for the event to be delivered again. */
export type EventHandler = (event: unknown) => Promise<void>;

/** Publishes events to a topic's subscribers: asynchronously, at least once. Handlers must be idempotent. */
export interface EventPublisher {
  /** Resolves once the event is accepted, before any handler ran. */
  publish(topic: string, event: unknown): Promise<void>;
}

/**
 * Topics that fan events out to handlers of this process (InProcessEventBus: the monolith on its
 * own). Across processes, LambdaAsyncEventBus invokes each subscribed function instead.
 */
export interface EventBus extends EventPublisher {
  subscribe(topic: string, handler: EventHandler): void;
}
