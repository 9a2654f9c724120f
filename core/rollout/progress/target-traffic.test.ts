import { describe, expect, it } from 'vitest';
import { latencyBucketBoundsMs } from '../stats/latency-histogram';
import { emptyTrafficSample, mergeSample } from '../stats/traffic-sample';
import { aSample } from '../stats/traffic-test-kit';
import { summarizeTarget } from './target-traffic';

/** The upper bound of the latency bucket holding `ms`. */
const bucketOf = (ms: number) => latencyBucketBoundsMs.find((bound) => bound >= ms);

describe('summarizeTarget', () => {
  it('gives requests, errors, error rate and percentiles from the histogram', () => {
    const sample = emptyTrafficSample();
    mergeSample(sample, aSample({ requests: 90, latencyMs: 10 }));
    mergeSample(sample, aSample({ requests: 8, errors: 2, latencyMs: 200 }));
    mergeSample(sample, aSample({ requests: 2, latencyMs: 3000 }));

    expect(summarizeTarget(sample)).toEqual({ requests: 100, errors: 2, errorRate: 0.02, p50Ms: bucketOf(10), p95Ms: bucketOf(200), p99Ms: bucketOf(3000) });
  });

  it('has no rates or percentiles without requests', () => {
    const none = { requests: 0, errors: 0, errorRate: null, p50Ms: null, p95Ms: null, p99Ms: null };
    expect(summarizeTarget(undefined)).toEqual(none);
    expect(summarizeTarget(emptyTrafficSample())).toEqual(none);
  });

  it('reports requests slower than the last bucket at its bound, since JSON has no Infinity', () => {
    expect(summarizeTarget(aSample({ requests: 1, latencyMs: 90_000 })).p99Ms).toBe(60_000);
  });
});
