import { latencyBucketBoundsMs } from './latency-histogram';
import type { TrafficSample } from './traffic-sample';

export interface HealthThresholds {
  /** The Lambda is unhealthy above this share of errors (5xx, no answer). */
  readonly maxErrorRate: number;
  /** Below this many Lambda requests nothing is judged. */
  readonly minRequests: number;
  /** The Lambda is unhealthy when its latency quantile exceeds this multiple of the monolith's. */
  readonly maxLatencyRatio: number;
  /** The latency quantile compared (0.99: p99). */
  readonly quantile: number;
}

export const defaultHealthThresholds: HealthThresholds = { maxErrorRate: 0.05, minRequests: 20, maxLatencyRatio: 2, quantile: 0.99 };

export interface SideEvidence {
  readonly requests: number;
  readonly errors: number;
  /** 0 when there were no requests. */
  readonly errorRate: number;
  /** The configured quantile (p99 by default), bucket upper bound in ms; null without requests, Infinity past the last bucket. */
  readonly p99Ms: number | null;
}

export interface HealthVerdict {
  readonly status: 'healthy' | 'unhealthy' | 'inconclusive';
  /** Sentences with the numbers, for the audit trail and the webhook. */
  readonly reasons: string[];
  readonly evidence: { readonly lambda: SideEvidence; readonly legacy: SideEvidence };
}

function evidenceOf(sample: TrafficSample, quantile: number): SideEvidence {
  const errorRate = sample.requests === 0 ? 0 : sample.errors / sample.requests;
  return { requests: sample.requests, errors: sample.errors, errorRate, p99Ms: sample.latency.quantile(quantile) };
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const slowestBoundMs = latencyBucketBoundsMs[latencyBucketBoundsMs.length - 1]!;
const milliseconds = (value: number) => (Number.isFinite(value) ? `${value} ms` : `over ${slowestBoundMs} ms`);
const quantileName = (quantile: number) => `p${+(quantile * 100).toFixed(2)}`;

interface Finding {
  readonly breached: boolean;
  readonly reason: string;
}

function judgeErrors(lambda: SideEvidence, { maxErrorRate }: HealthThresholds): Finding {
  const breached = lambda.errorRate > maxErrorRate;
  const share = `${percent(lambda.errorRate)} (${lambda.errors} of ${lambda.requests} requests)`;
  return { breached, reason: `The Lambda's error rate ${share} is ${breached ? 'above' : 'within'} the ${percent(maxErrorRate)} limit` };
}

function judgeLatency(lambda: SideEvidence, legacy: SideEvidence, { minRequests, maxLatencyRatio, quantile }: HealthThresholds): Finding {
  if (legacy.requests < minRequests) {
    return { breached: false, reason: `Latency not judged: the monolith served ${legacy.requests} requests in the window, fewer than the ${minRequests} needed to compare` };
  }
  if (lambda.p99Ms === null || legacy.p99Ms === null) return { breached: false, reason: 'Latency not judged: no latencies were recorded for one side' };
  const breached = lambda.p99Ms > maxLatencyRatio * legacy.p99Ms;
  const name = quantileName(quantile);
  const comparison = `${breached ? 'above' : 'within'} ${maxLatencyRatio} × the monolith's ${name} (${milliseconds(legacy.p99Ms)})`;
  return { breached, reason: `The Lambda's ${name} latency ${milliseconds(lambda.p99Ms)} is ${comparison}` };
}

/**
 * Whether the Lambda side of a route or capability is healthy, judged against the monolith's
 * traffic over the same window. Too little Lambda traffic is inconclusive, never healthy.
 */
export function judgeHealth(lambda: TrafficSample, legacy: TrafficSample, thresholds: HealthThresholds = defaultHealthThresholds): HealthVerdict {
  const evidence = { lambda: evidenceOf(lambda, thresholds.quantile), legacy: evidenceOf(legacy, thresholds.quantile) };
  if (lambda.requests === 0 || lambda.requests < thresholds.minRequests) {
    const needed = Math.max(thresholds.minRequests, 1);
    const reason = `The Lambda served ${lambda.requests} requests in the window; at least ${needed} are needed to judge its health`;
    return { status: 'inconclusive', reasons: [reason], evidence };
  }
  const findings = [judgeErrors(evidence.lambda, thresholds), judgeLatency(evidence.lambda, evidence.legacy, thresholds)];
  const status = findings.some((finding) => finding.breached) ? 'unhealthy' : 'healthy';
  return { status, reasons: findings.map((finding) => finding.reason), evidence };
}

/**
 * The verdict once the Lambda's own alarms are heard: a firing alarm (in AWS, over every
 * instance's traffic) makes it unhealthy even when this instance saw too little to judge.
 */
export function withFiringAlarms(verdict: HealthVerdict, firingAlarms: readonly string[]): HealthVerdict {
  if (firingAlarms.length === 0) return verdict;
  const alarms = `${firingAlarms.length === 1 ? 'alarm' : 'alarms'} ${firingAlarms.join(', ')}`;
  return { ...verdict, status: 'unhealthy', reasons: [`The function's CloudWatch ${alarms} ${firingAlarms.length === 1 ? 'is' : 'are'} in ALARM`, ...verdict.reasons] };
}
