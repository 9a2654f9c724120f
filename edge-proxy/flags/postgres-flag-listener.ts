import type { Logger } from 'pino';

/** What a live channel subscription reports to its owner. */
export interface ChannelHandlers {
  onNotification(): void;
  /** The connection failed or ended: it will deliver nothing more. */
  onLost(error: Error): void;
}

export interface ChannelSubscription {
  close(): Promise<void>;
}

/** Opens a connection listening on one channel; rejects when it cannot. */
export type SubscribeToChannel = (handlers: ChannelHandlers) => Promise<ChannelSubscription>;

export interface ReconnectBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export interface PostgresFlagListenerOptions {
  subscribe: SubscribeToChannel;
  /** Applies the latest flags: called on each notification and after each reconnect. */
  refresh: () => Promise<void>;
  logger: Logger;
  backoff?: ReconnectBackoff;
}

const defaultBackoff: ReconnectBackoff = { initialMs: 100, maxMs: 10_000 };

/**
 * Keeps a LISTEN on the flag change channel and refreshes the flags on each notification. When the
 * connection drops it reconnects with exponential backoff and refreshes once, because
 * notifications sent while nobody listened are lost; meanwhile the cache's slow poll covers.
 */
export class PostgresFlagListener {
  private readonly backoff: ReconnectBackoff;
  private subscription: ChannelSubscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  // Bumped whenever a connection is given up, so its late events are ignored.
  private generation = 0;
  private closed = false;

  constructor(private readonly options: PostgresFlagListenerOptions) {
    this.backoff = options.backoff ?? defaultBackoff;
  }

  /** Connects once; if that fails it keeps retrying in the background rather than failing startup. */
  async start(): Promise<void> {
    await this.connect({ isRetry: false });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.close();
    this.subscription = undefined;
  }

  private async connect({ isRetry }: { isRetry: boolean }): Promise<void> {
    const generation = ++this.generation;
    const isCurrent = () => generation === this.generation && !this.closed;
    try {
      const subscription = await this.options.subscribe({
        onNotification: () => {
          if (isCurrent()) this.applyChanges();
        },
        onLost: (error) => {
          if (isCurrent()) this.reconnectAfter(error);
        },
      });
      if (!isCurrent()) {
        this.closeQuietly(subscription);
        return;
      }
      this.subscription = subscription;
      this.failures = 0;
      if (isRetry) {
        this.options.logger.info('flag change listener connected; catching up on missed changes');
        this.applyChanges();
      }
    } catch (error) {
      if (isCurrent()) this.reconnectAfter(error);
    }
  }

  private reconnectAfter(error: unknown): void {
    this.generation++;
    if (this.subscription) this.closeQuietly(this.subscription);
    this.subscription = undefined;
    const retryInMs = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.failures++);
    this.options.logger.warn({ err: error, retryInMs }, 'flag change listener has no connection; reconnecting');
    this.retryTimer = setTimeout(() => void this.connect({ isRetry: true }), retryInMs);
    this.retryTimer.unref();
  }

  private applyChanges(): void {
    this.options.refresh().catch((error: unknown) => this.options.logger.warn({ err: error }, 'flag refresh failed; keeping the last known flags'));
  }

  private closeQuietly(subscription: ChannelSubscription): void {
    // The connection is already broken or unwanted: failing to close it changes nothing.
    subscription.close().catch((error: unknown) => this.options.logger.debug({ err: error }, 'closing a dropped flag change connection failed'));
  }
}
