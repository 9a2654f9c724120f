const ratio = 1.2;
const slowestBoundMs = 60_000;

function computeBounds(): number[] {
  const bounds: number[] = [];
  // Rounded to 0.01 ms so bounds read well in evidence; neighbours stay ~1.2 apart.
  for (let bound = 1; bound < slowestBoundMs; bound *= ratio) bounds.push(Math.round(bound * 100) / 100);
  bounds.push(slowestBoundMs);
  return bounds;
}

/**
 * Upper bounds (inclusive, in ms) of the latency buckets: 1 ms to 60 s, each ~1.2 times the last,
 * so a quantile is at most ~20% above the true value. One overflow bucket follows the last.
 * The layout is part of the stored format (route_stats.latency_buckets): changing it changes
 * the number of buckets, and rows of the old layout then fail to parse.
 */
export const latencyBucketBoundsMs: readonly number[] = computeBounds();

const bucketCount = latencyBucketBoundsMs.length + 1;

/** Stored counts that are not a histogram of this bucket layout. */
export class LatencyHistogramFormatError extends Error {
  readonly code = 'latency_histogram_format';

  constructor(message: string) {
    super(message);
    this.name = 'LatencyHistogramFormatError';
  }
}

function bucketOf(durationMs: number): number {
  // Negative or NaN durations (a clock step) count as the fastest bucket rather than throwing mid-request.
  if (!(durationMs > latencyBucketBoundsMs[0]!)) return 0;
  let low = 1;
  let high = latencyBucketBoundsMs.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (durationMs <= latencyBucketBoundsMs[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Counts of durations in fixed log-scale buckets: cheap to record, add up across slots and instances. */
export class LatencyHistogram {
  private constructor(private readonly counts: number[]) {}

  static empty(): LatencyHistogram {
    return new LatencyHistogram(new Array<number>(bucketCount).fill(0));
  }

  /** Reads the array `toJSON` wrote; throws LatencyHistogramFormatError for anything else, a length of another layout included. */
  static fromJSON(counts: unknown): LatencyHistogram {
    if (!Array.isArray(counts) || counts.length !== bucketCount) {
      const found = Array.isArray(counts) ? `${counts.length} items` : typeof counts;
      throw new LatencyHistogramFormatError(`Expected an array of ${bucketCount} latency bucket counts, got ${found}`);
    }
    if (!counts.every(isCount)) throw new LatencyHistogramFormatError('Latency bucket counts must be non-negative integers');
    return new LatencyHistogram([...counts]);
  }

  record(durationMs: number): void {
    this.counts[bucketOf(durationMs)]! += 1;
  }

  /** Adds the counts of `other` into this histogram. */
  merge(other: LatencyHistogram): void {
    other.counts.forEach((count, bucket) => {
      this.counts[bucket]! += count;
    });
  }

  get count(): number {
    return this.counts.reduce((sum, count) => sum + count, 0);
  }

  /**
   * The upper bound (ms) of the bucket holding the q-quantile, q in [0, 1]: at or above the true
   * value, by at most one bucket. Infinity when it lies past the last bound; null when empty.
   */
  quantile(q: number): number | null {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`A quantile is between 0 and 1, got ${q}`);
    const total = this.count;
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (let bucket = 0; bucket < latencyBucketBoundsMs.length; bucket += 1) {
      seen += this.counts[bucket]!;
      if (seen >= rank) return latencyBucketBoundsMs[bucket]!;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** The counts per bucket, fastest first, overflow last. */
  toJSON(): number[] {
    return [...this.counts];
  }
}
