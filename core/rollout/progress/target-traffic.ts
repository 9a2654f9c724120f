import { latencyBucketBoundsMs } from '../stats/latency-histogram';
import type { TrafficSample } from '../stats/traffic-sample';

/** Requests, errors and latency percentiles of one target over a period. */
export interface TargetTraffic {
  readonly requests: number;
  readonly errors: number;
  /** errors / requests; null without requests. */
  readonly errorRate: number | null;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
}

const slowestBoundMs = latencyBucketBoundsMs[latencyBucketBoundsMs.length - 1]!;

function percentile(sample: TrafficSample, q: number): number | null {
  const value = sample.latency.quantile(q);
  // Past the last bucket the histogram only knows "slower than 60 s"; JSON has no Infinity, and
  // the proxy gives up on both targets well before 60 s anyway.
  return value === Number.POSITIVE_INFINITY ? slowestBoundMs : value;
}

/** Summarizes a target's sample: counts, error rate and p50/p95/p99 (bucket upper bounds, at most ~20% high). */
export function summarizeTarget(sample: TrafficSample | undefined): TargetTraffic {
  if (!sample || sample.requests === 0) return { requests: 0, errors: 0, errorRate: null, p50Ms: null, p95Ms: null, p99Ms: null };
  return {
    requests: sample.requests,
    errors: sample.errors,
    errorRate: sample.errors / sample.requests,
    p50Ms: percentile(sample, 0.5),
    p95Ms: percentile(sample, 0.95),
    p99Ms: percentile(sample, 0.99),
  };
}
