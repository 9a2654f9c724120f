import { describe, expect, it } from 'vitest';
import { addRequest, emptyTrafficSample, isErrorStatus, mergeSample } from './traffic-sample';
import { aSample } from './traffic-test-kit';

describe('isErrorStatus', () => {
  it.each([500, 502, 503, 504, 599, 'failed' as const])('counts %s against the target', (status) => {
    expect(isErrorStatus(status)).toBe(true);
  });

  it.each([200, 204, 206, 304, 400, 401, 404, 409, 429, 499])('does not count %s: a success, or the caller’s mistake', (status) => {
    expect(isErrorStatus(status)).toBe(false);
  });
});

describe('addRequest', () => {
  it('counts the request, its bytes, its latency, and an error only for a 5xx or a failure', () => {
    const sample = emptyTrafficSample();

    addRequest(sample, { status: 200, durationMs: 12, requestBytes: 100, responseBytes: 2_000 });
    addRequest(sample, { status: 404, durationMs: 3, requestBytes: 50, responseBytes: 80 });
    addRequest(sample, { status: 'failed', durationMs: 30_000, requestBytes: 70, responseBytes: 0 });

    expect(sample).toMatchObject({ requests: 3, errors: 1, requestBytes: 220, responseBytes: 2_080 });
    expect(sample.latency.count).toBe(3);
    expect(sample.latency.quantile(1)).toBeGreaterThanOrEqual(30_000);
  });
});

describe('mergeSample', () => {
  it('adds every count of one sample into another', () => {
    const into = aSample({ requests: 10, errors: 1, latencyMs: 5 });
    const from = aSample({ requests: 30, errors: 3, latencyMs: 500 });
    addRequest(from, { status: 200, durationMs: 500, requestBytes: 7, responseBytes: 9 });

    mergeSample(into, from);

    expect(into).toMatchObject({ requests: 41, errors: 4, requestBytes: 7, responseBytes: 9 });
    expect(into.latency.count).toBe(41);
    expect(into.latency.quantile(0.2)).toBeLessThan(6);
    expect(into.latency.quantile(0.5)).toBeGreaterThanOrEqual(500);
    expect(from.requests).toBe(31);
  });
});
