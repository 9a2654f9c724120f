import type { ClientRateLimitInfo, Store } from 'express-rate-limit';
import type { Clock } from '../../core/clock/clock';

interface Counter {
  totalHits: number;
  resetTime: Date;
}

/**
 * Fixed-window hit counts per client, in memory, on an injected clock (express-rate-limit's own
 * store reads Date.now and runs a timer). Counters live in two generations swapped once per window,
 * so a client seen once is forgotten after two windows and memory stays bounded without a timer.
 */
export class WindowedHitStore implements Store {
  private current = new Map<string, Counter>();
  private previous = new Map<string, Counter>();
  private generationEnds = 0;

  constructor(
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  increment(key: string): ClientRateLimitInfo {
    const now = this.clock.now().getTime();
    const counter = this.counterOf(key, now);
    if (counter.resetTime.getTime() <= now) {
      counter.totalHits = 0;
      counter.resetTime = new Date(now + this.windowMs);
    }
    counter.totalHits += 1;
    return counter;
  }

  decrement(key: string): void {
    const counter = this.current.get(key);
    if (counter && counter.totalHits > 0) counter.totalHits -= 1;
  }

  resetKey(key: string): void {
    this.current.delete(key);
    this.previous.delete(key);
  }

  private counterOf(key: string, now: number): Counter {
    if (now >= this.generationEnds) {
      this.previous = this.current;
      this.current = new Map();
      this.generationEnds = now + this.windowMs;
    }
    let counter = this.current.get(key);
    if (counter) return counter;
    counter = this.previous.get(key) ?? { totalHits: 0, resetTime: new Date(now + this.windowMs) };
    this.previous.delete(key);
    this.current.set(key, counter);
    return counter;
  }
}
