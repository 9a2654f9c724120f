/**
 * How many of a route's requests get a shadow copy: at most `copiesPerSecond` per route on this
 * proxy instance, a second's worth at once (a token bucket per route). A busy route is sampled
 * instead of mirrored whole, so its shadow costs the proxy the same CPU at 50 requests per second
 * as at 5,000; a quiet one has every request copied. Requests left out are not drops: nothing was
 * lost that the parity gate counted on.
 */
export class ShadowSampler {
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();
  private readonly capacity: number;

  constructor(
    private readonly copiesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, copiesPerSecond);
  }

  /** True when this request of `routeId` gets a copy (and uses up its share of the rate). */
  take(routeId: string): boolean {
    const now = this.now();
    let bucket = this.buckets.get(routeId);
    if (bucket === undefined) {
      bucket = { tokens: this.capacity, refilledAt: now };
      this.buckets.set(routeId, bucket);
    }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.refilledAt) * this.copiesPerSecond) / 1000);
    bucket.refilledAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
