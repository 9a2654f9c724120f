import type { Logger } from 'pino';
import { systemClock, type Clock } from '../clock/clock';
import { outcomeOfAttempt, type RetryPolicy } from './delivery-attempt';
import type { ClaimedDelivery, DeliveryStore } from './delivery.store';
import { DeliveryFailedError, type NotificationSender } from './notification-sender';
import type { Channel } from './subscription';

export interface DeliveryWorkerDeps {
  readonly store: DeliveryStore;
  readonly senders: Readonly<Record<Channel, NotificationSender>>;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Jitter of the retry delays, in [0, 1). */
  readonly random?: () => number;
  /** Whether this side sends now (it owns notifications); asked before every pass. Always, without it. */
  readonly isActive?: () => Promise<boolean>;
}

export interface DeliveryWorkerSettings extends RetryPolicy {
  readonly pollIntervalMs: number;
  /** Sends in flight at once, per worker. */
  readonly concurrency?: number;
  /** How long a claim holds; longer than any send may take, or a slow send is made twice. */
  readonly leaseMs?: number;
  /** How long stop() waits for sends in flight; their claims expire and another worker retries them. */
  readonly stopTimeoutMs?: number;
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function forEachBounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) await task(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Sends the outbox: claims due deliveries (safely shared with other workers and processes), sends
 * each through its channel and records the outcome, retrying with backoff until maxAttempts.
 */
export class DeliveryWorker {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly stopTimeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private pass: Promise<void> | undefined;
  private nextPass: Promise<void> | undefined;

  constructor(
    private readonly deps: DeliveryWorkerDeps,
    private readonly settings: DeliveryWorkerSettings,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    this.concurrency = settings.concurrency ?? 4;
    this.leaseMs = settings.leaseMs ?? 60_000;
    this.stopTimeoutMs = settings.stopTimeoutMs ?? 10_000;
  }

  /** Starts polling the outbox (and sends what is already due). */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.kick(), this.settings.pollIntervalMs);
    this.timer.unref();
    void this.kick();
  }

  /** Stops polling and waits (at most stopTimeoutMs) for the sends in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    let timeout: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, this.stopTimeoutMs);
    });
    await Promise.race([Promise.all([this.pass, this.nextPass]), deadline]);
    clearTimeout(timeout);
  }

  /**
   * Runs a pass now (the pipeline calls it right after enqueueing); resolves when that pass is done.
   * Kicks during a pass are folded into one more pass after it, so nothing enqueued is overlooked.
   */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.pass) {
      this.pass = this.runPass().finally(() => {
        this.pass = undefined;
      });
      return this.pass;
    }
    this.nextPass ??= this.pass.then(() => {
      this.nextPass = undefined;
      return this.kick();
    });
    return this.nextPass;
  }

  private async runPass(): Promise<void> {
    const batchSize = this.concurrency * 2;
    try {
      if (this.deps.isActive && !(await this.deps.isActive())) return;
      for (;;) {
        const ids = await this.deps.store.findDue(this.clock.now(), batchSize);
        let claimed = 0;
        await forEachBounded(ids, this.concurrency, async (id) => {
          if (this.stopped) return;
          if (await this.claimAndSend(id)) claimed += 1;
        });
        // A short batch was the last one; a batch another worker took entirely is left to it.
        if (ids.length < batchSize || claimed === 0 || this.stopped) return;
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, 'delivery pass failed; retrying at the next poll');
    }
  }

  private async claimAndSend(id: string): Promise<boolean> {
    const now = this.clock.now();
    const claim = await this.deps.store.claim(id, now, new Date(now.getTime() + this.leaseMs));
    if (!claim) return false;
    try {
      await this.send(claim);
    } catch (error) {
      this.deps.logger.error({ err: error, deliveryId: id }, 'could not record a delivery attempt; its claim will expire');
    }
    return true;
  }

  private async send(claim: ClaimedDelivery): Promise<void> {
    const { delivery, subscription } = claim;
    const attempt = delivery.attempts + 1;
    const context = { deliveryId: delivery.id, subscriptionId: subscription.id, channel: subscription.channel, attempt };
    let error: string | undefined;
    try {
      await this.deps.senders[subscription.channel].send({
        deliveryId: delivery.id,
        event: delivery.event,
        videoId: delivery.videoId,
        target: subscription.target,
        secret: subscription.secret,
        payload: delivery.payload,
      });
    } catch (failure) {
      if (!(failure instanceof DeliveryFailedError)) this.deps.logger.error({ ...context, err: failure }, 'sender failed unexpectedly');
      error = failure instanceof DeliveryFailedError ? failure.message : 'internal error while sending';
    }
    const outcome = outcomeOfAttempt({ attempts: attempt, error, at: this.clock.now() }, this.settings, this.random);
    if (!(await this.deps.store.recordAttempt(claim, outcome))) {
      this.deps.logger.info(context, 'delivery gone (subscription deleted) or taken over; outcome not recorded');
    } else if (outcome.status === 'delivered') {
      this.deps.logger.info(context, 'notification delivered');
    } else if (outcome.status === 'failed') {
      this.deps.logger.warn({ ...context, error }, 'notification failed for good after the last attempt');
    } else {
      this.deps.logger.info({ ...context, error, nextAttemptAt: outcome.nextAttemptAt }, 'notification attempt failed; will retry');
    }
  }
}
