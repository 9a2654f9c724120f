/**
 * Where mirrored requests wait to be sent: at most `concurrency` in flight and `capacity` waiting.
 * Under saturation a mirror is dropped (the caller counts it), never queued without bound; so is
 * every mirror offered while `busy()` says the proxy has no time to spare (the customers' requests
 * share its one event loop): shadow traffic must not cost customers memory or latency.
 */
export class ShadowQueue {
  private readonly waiting: Array<() => Promise<void>> = [];
  private running = 0;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly options: { capacity: number; concurrency: number; busy?: () => boolean },
    private readonly onTaskError: (error: unknown) => void,
  ) {}

  /** Queues a mirror; false when the queue is full or the proxy busy, and it was dropped. */
  offer(task: () => Promise<void>): boolean {
    if (this.options.busy?.()) return false;
    if (this.running < this.options.concurrency) {
      this.run(task);
      return true;
    }
    if (this.waiting.length >= this.options.capacity) return false;
    this.waiting.push(task);
    return true;
  }

  /** Resolves once nothing is queued or running (tests, shutdown). */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private run(task: () => Promise<void>): void {
    this.running += 1;
    task()
      .catch(this.onTaskError)
      .finally(() => {
        this.running -= 1;
        const next = this.waiting.shift();
        if (next) this.run(next);
        else if (this.running === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
  }
}
