/**
 * The encodes a worker runs at once, shared by all its jobs. Waiting tasks get a slot in the order
 * they asked for one, so the order a job asks in (largest first) is the order its encodes start.
 */
export class EncodeSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Runs `task` once a slot is free and holds the slot until it settles; an abort before it starts rejects with the signal's reason. */
  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      // Aborted between getting the slot and now: nothing more starts.
      signal.throwIfAborted();
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const take = () => {
        signal.removeEventListener('abort', giveUp);
        resolve();
      };
      const giveUp = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(signal.reason);
      };
      this.waiting.push(take);
      signal.addEventListener('abort', giveUp, { once: true });
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so a new caller cannot take it first.
    if (next) next();
    else this.free += 1;
  }
}
