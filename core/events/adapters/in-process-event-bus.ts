import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../logging/create-logger';
import type { EventBus, EventHandler } from '../event-bus';

/** An event one handler kept failing on. */
export interface UndeliveredEvent {
  readonly topic: string;
  readonly event: unknown;
  /** The last failure's message. */
  readonly error: string;
  readonly attempts: number;
}

interface InProcessEventBusOptions {
  readonly logger: Logger;
  /** Attempts per handler and event, the first included: 3, like Lambda's asynchronous invocation. */
  readonly maxAttempts?: number;
  /** Wait before the first retry; doubled before each next one. */
  readonly retryDelayMs?: number;
}

/**
 * Events within one process (the monolith on its own, without the Lambda runtime): each subscriber
 * gets its own delivery, run after publish returned, retried with backoff, and kept in memory (and
 * logged) when it keeps failing.
 */
export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<string, EventHandler[]>();
  private readonly failed: UndeliveredEvent[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private pending = 0;
  private closed = false;

  constructor(options: InProcessEventBusOptions) {
    this.logger = options.logger;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  subscribe(topic: string, handler: EventHandler): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  async publish(topic: string, event: unknown): Promise<void> {
    if (this.closed) throw new Error(`The event bus is closed: the event for '${topic}' was not accepted`);
    // Serialized once, now: only what survives JSON travels, as over the wire, and a later change
    // to the caller's object cannot reach the handlers.
    const json = JSON.stringify(event) as string | undefined;
    if (json === undefined) throw new TypeError(`An event must be JSON-serializable: '${topic}' got ${typeof event}`);
    const handlers = this.handlers.get(topic) ?? [];
    if (handlers.length === 0) this.logger.debug({ topic }, 'event published to a topic without subscribers');
    for (const handler of handlers) {
      this.pending += 1;
      // setImmediate: the handler starts after the publisher continued, like an async Lambda invoke.
      setImmediate(() => void this.deliver(topic, json, handler));
    }
  }

  /** Events that failed every attempt, oldest first. */
  deadLetters(): UndeliveredEvent[] {
    return [...this.failed];
  }

  /** Resolves once no delivery is queued, running or waiting for a retry (chained publishes included). */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses new events; deliveries already accepted still run (await drain() for them). */
  close(): void {
    this.closed = true;
  }

  private async deliver(topic: string, json: string, handler: EventHandler): Promise<void> {
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          // A fresh copy per attempt: a handler that changed its event and then failed gets the
          // original again, as a redelivery over the wire would.
          await handler(JSON.parse(json));
          return;
        } catch (error) {
          if (attempt >= this.maxAttempts) {
            this.failed.push({ topic, event: JSON.parse(json), error: error instanceof Error ? error.message : String(error), attempts: attempt });
            this.logger.error({ err: error, topic, attempts: attempt, handler: handler.name || 'anonymous' }, 'event dead-lettered: its handler failed every attempt');
            return;
          }
          this.logger.warn({ err: error, topic, attempt, handler: handler.name || 'anonymous' }, 'event handler failed: retrying');
          await sleep(this.retryDelayMs * 2 ** (attempt - 1));
        }
      }
    } finally {
      this.pending -= 1;
      if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
