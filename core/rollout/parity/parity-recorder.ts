import type { Clock } from '../../clock/clock';
import type { ParityCounts, ParityStore } from './parity.store';

export interface ParityRecorderOptions {
  /** This proxy instance: each writes rows of its own, readers add them up. */
  readonly instanceId: string;
  readonly flushMs: number;
  readonly clock: Clock;
  /** Told when a timed flush fails; its counts stay in memory for the next one. */
  readonly onFlushError: (error: unknown) => void;
}

type Bucket = { -readonly [K in keyof ParityCounts]: ParityCounts[K] };

const minuteMs = 60_000;

/**
 * Counts shadow comparisons and drops per route and minute in memory, and adds them to the store
 * in batches: one write per interval, however busy the proxy. Counts a failed write did not
 * store are put back and go with the next one, so none are lost and none counted twice.
 */
export class ParityRecorder {
  private pending = new Map<string, Bucket>();
  private timer: NodeJS.Timeout | undefined;
  private lastFlush: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<ParityStore, 'addCounts'>,
    private readonly options: ParityRecorderOptions,
  ) {}

  /** Flushes every `flushMs` until `stop()`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush().catch(this.options.onFlushError), this.options.flushMs);
    // Pending counts are flushed by stop(); the timer alone must not keep the process alive.
    this.timer.unref();
  }

  recordComparison(routeId: string, matched: boolean, at: Date = this.options.clock.now()): void {
    const bucket = this.bucketOf(routeId, at);
    bucket.compared += 1;
    if (matched) bucket.matched += 1;
  }

  recordDrop(routeId: string, at: Date = this.options.clock.now()): void {
    this.bucketOf(routeId, at).dropped += 1;
  }

  /** Writes what is pending; rejects when the store fails, keeping the counts for the next flush. */
  flush(): Promise<void> {
    // One flush at a time, so one that fails has put its counts back before the next one starts.
    const flush = this.lastFlush.then(() => this.writePending());
    this.lastFlush = flush.catch(() => undefined);
    return flush;
  }

  /** Stops the timer and writes what is pending. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.store.addCounts([...batch.values()]);
    } catch (error) {
      for (const counts of batch.values()) this.putBack(counts);
      throw error;
    }
  }

  private putBack(counts: ParityCounts): void {
    const bucket = this.bucketOf(counts.routeId, counts.minute);
    bucket.compared += counts.compared;
    bucket.matched += counts.matched;
    bucket.dropped += counts.dropped;
  }

  private bucketOf(routeId: string, at: Date): Bucket {
    const minute = Math.floor(at.getTime() / minuteMs) * minuteMs;
    const key = `${minute} ${routeId}`;
    let bucket = this.pending.get(key);
    if (!bucket) {
      bucket = { minute: new Date(minute), routeId, instanceId: this.options.instanceId, compared: 0, matched: 0, dropped: 0 };
      this.pending.set(key, bucket);
    }
    return bucket;
  }
}
