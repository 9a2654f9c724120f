import { describe, expect, it } from 'vitest';
import { defaultHealthThresholds, judgeHealth, withFiringAlarms } from './health-verdict';
import { addRequest, emptyTrafficSample } from './traffic-sample';
import { aSample } from './traffic-test-kit';

const busyLegacy = aSample({ requests: 100, latencyMs: 40 });

describe('judgeHealth', () => {
  it('uses a 5% error limit, 20 requests, twice the monolith’s p99 by default', () => {
    expect(defaultHealthThresholds).toEqual({ maxErrorRate: 0.05, minRequests: 20, maxLatencyRatio: 2, quantile: 0.99 });
  });

  it('is inconclusive, never healthy, without Lambda traffic', () => {
    const verdict = judgeHealth(emptyTrafficSample(), busyLegacy);

    expect(verdict.status).toBe('inconclusive');
    expect(verdict.reasons).toEqual(['The Lambda served 0 requests in the window; at least 20 are needed to judge its health']);
    expect(verdict.evidence.lambda).toEqual({ requests: 0, errors: 0, errorRate: 0, p99Ms: null });
  });

  it('is inconclusive without Lambda traffic even when no minimum is configured', () => {
    expect(judgeHealth(emptyTrafficSample(), busyLegacy, { ...defaultHealthThresholds, minRequests: 0 }).status).toBe('inconclusive');
  });

  it('is inconclusive on 19 requests, even if every one failed', () => {
    const verdict = judgeHealth(aSample({ requests: 19, errors: 19 }), busyLegacy);

    expect(verdict.status).toBe('inconclusive');
    expect(verdict.reasons[0]).toContain('19 requests');
    expect(verdict.evidence.lambda).toMatchObject({ requests: 19, errors: 19, errorRate: 1 });
  });

  it('is healthy at exactly the limit: 1 error in 20 requests (5.0%)', () => {
    const verdict = judgeHealth(aSample({ requests: 20, errors: 1 }), busyLegacy);

    expect(verdict.status).toBe('healthy');
    expect(verdict.reasons[0]).toBe("The Lambda's error rate 5.0% (1 of 20 requests) is within the 5.0% limit");
  });

  it('is unhealthy above the limit: 2 errors in 20 requests (10.0%)', () => {
    const verdict = judgeHealth(aSample({ requests: 20, errors: 2 }), busyLegacy);

    expect(verdict.status).toBe('unhealthy');
    expect(verdict.reasons).toContain("The Lambda's error rate 10.0% (2 of 20 requests) is above the 5.0% limit");
    expect(verdict.evidence.lambda).toMatchObject({ requests: 20, errors: 2, errorRate: 0.1 });
  });

  it('does not hold 4xx answers against the Lambda', () => {
    const lambda = aSample({ requests: 18 });
    addRequest(lambda, { status: 404, durationMs: 10, requestBytes: 0, responseBytes: 0 });
    addRequest(lambda, { status: 400, durationMs: 10, requestBytes: 0, responseBytes: 0 });

    expect(judgeHealth(lambda, busyLegacy).status).toBe('healthy');
  });

  it('is unhealthy when its p99 exceeds twice the monolith’s', () => {
    const verdict = judgeHealth(aSample({ requests: 50, latencyMs: 100 }), aSample({ requests: 50, latencyMs: 40 }));

    expect(verdict.status).toBe('unhealthy');
    expect(verdict.reasons).toContain("The Lambda's p99 latency 114.48 ms is above 2 × the monolith's p99 (46.01 ms)");
    expect(verdict.evidence).toMatchObject({ lambda: { p99Ms: 114.48 }, legacy: { requests: 50, errors: 0, errorRate: 0, p99Ms: 46.01 } });
  });

  it('is healthy when its p99 stays within twice the monolith’s', () => {
    const verdict = judgeHealth(aSample({ requests: 50, latencyMs: 50 }), aSample({ requests: 50, latencyMs: 40 }));

    expect(verdict.status).toBe('healthy');
    expect(verdict.reasons).toEqual([
      "The Lambda's error rate 0.0% (0 of 50 requests) is within the 5.0% limit",
      "The Lambda's p99 latency 55.21 ms is within 2 × the monolith's p99 (46.01 ms)",
    ]);
  });

  it('does not judge latency when the monolith served too few requests to compare, and says so', () => {
    const verdict = judgeHealth(aSample({ requests: 50, latencyMs: 5_000 }), aSample({ requests: 19, latencyMs: 40 }));

    expect(verdict.status).toBe('healthy');
    expect(verdict.reasons).toContain('Latency not judged: the monolith served 19 requests in the window, fewer than the 20 needed to compare');
  });

  it('gives every breach when both error rate and latency are off', () => {
    const verdict = judgeHealth(aSample({ requests: 40, errors: 10, latencyMs: 1_000 }), busyLegacy);

    expect(verdict.status).toBe('unhealthy');
    expect(verdict.reasons.filter((reason) => reason.includes('above'))).toHaveLength(2);
  });

  it('says a latency past the last bucket is over 60 s', () => {
    const verdict = judgeHealth(aSample({ requests: 20, latencyMs: 90_000 }), busyLegacy);

    expect(verdict.status).toBe('unhealthy');
    expect(verdict.reasons[1]).toContain('p99 latency over 60000 ms is above');
  });

  it('compares the configured quantile', () => {
    const lambda = aSample({ requests: 50, latencyMs: 10 });
    for (let index = 0; index < 5; index += 1) addRequest(lambda, { status: 200, durationMs: 1_000, requestBytes: 0, responseBytes: 0 });

    const median = judgeHealth(lambda, busyLegacy, { ...defaultHealthThresholds, quantile: 0.5 });
    const tail = judgeHealth(lambda, busyLegacy);

    expect(median.status).toBe('healthy');
    expect(median.reasons[1]).toContain('p50 latency');
    expect(tail.status).toBe('unhealthy');
  });
});

describe('withFiringAlarms', () => {
  const quiet = judgeHealth(emptyTrafficSample(), busyLegacy);

  it('leaves the verdict as it is when no alarm fires', () => {
    expect(withFiringAlarms(quiet, [])).toBe(quiet);
  });

  it('makes even an inconclusive verdict unhealthy, naming the alarms first', () => {
    const verdict = withFiringAlarms(quiet, ['24hv-prod-auth-errors', '24hv-prod-auth-throttles']);

    expect(verdict.status).toBe('unhealthy');
    expect(verdict.reasons).toEqual(["The function's CloudWatch alarms 24hv-prod-auth-errors, 24hv-prod-auth-throttles are in ALARM", ...quiet.reasons]);
    expect(verdict.evidence).toBe(quiet.evidence);
  });

  it('overrides a healthy verdict too', () => {
    const healthy = judgeHealth(aSample({ requests: 100, latencyMs: 40 }), busyLegacy);
    expect(healthy.status).toBe('healthy');

    expect(withFiringAlarms(healthy, ['24hv-prod-auth-duration-p99'])).toMatchObject({ status: 'unhealthy', reasons: [expect.stringMatching(/alarm 24hv-prod-auth-duration-p99 is in ALARM/), ...healthy.reasons] });
  });
});
