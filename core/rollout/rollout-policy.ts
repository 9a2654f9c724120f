import * as z from 'zod';
import { readEnv } from '../config/read-env';

/** The rules progressive delivery follows: the parity gate, automatic rollback, anti-flapping. */
export interface RolloutPolicy {
  /** Shadow parity a route needs before its capability serves customers from the Lambda. */
  readonly parityThreshold: number;
  readonly parityMinSample: number;
  /** How far back parity counts. */
  readonly parityWindowMinutes: number;
  /** Roll back when the Lambda's error rate exceeds this, on at least `minRequests` in the window… */
  readonly maxErrorRate: number;
  readonly minRequests: number;
  readonly windowSeconds: number;
  /** …or its p99 latency exceeds this multiple of the monolith's. */
  readonly maxLatencyRatio: number;
  /** After an automatic rollback the capability stays on legacy this long, unless forced. */
  readonly rollbackCooldownSeconds: number;
  /** How often each proxy instance judges the Lambdas' health. */
  readonly evaluateEveryMs: number;
}

export const defaultRolloutPolicy: RolloutPolicy = {
  parityThreshold: 0.99,
  parityMinSample: 20,
  parityWindowMinutes: 24 * 60,
  maxErrorRate: 0.05,
  minRequests: 20,
  windowSeconds: 60,
  maxLatencyRatio: 2,
  rollbackCooldownSeconds: 300,
  evaluateEveryMs: 1000,
};

const fraction = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);
const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const schema = z.object({
  PARITY_THRESHOLD: fraction(defaultRolloutPolicy.parityThreshold),
  PARITY_MIN_SAMPLE: count(defaultRolloutPolicy.parityMinSample),
  PARITY_WINDOW_MINUTES: count(defaultRolloutPolicy.parityWindowMinutes),
  ROLLBACK_MAX_ERROR_RATE: fraction(defaultRolloutPolicy.maxErrorRate),
  ROLLBACK_MIN_REQUESTS: count(defaultRolloutPolicy.minRequests),
  ROLLBACK_WINDOW_SECONDS: count(defaultRolloutPolicy.windowSeconds),
  ROLLBACK_MAX_LATENCY_RATIO: z.coerce.number().min(1).default(defaultRolloutPolicy.maxLatencyRatio),
  ROLLBACK_COOLDOWN_SECONDS: z.coerce.number().int().min(0).default(defaultRolloutPolicy.rollbackCooldownSeconds),
  ROLLOUT_EVALUATE_MS: count(defaultRolloutPolicy.evaluateEveryMs),
});

/** Reads the rollout policy from the environment (every variable optional). */
export function readRolloutPolicy(env: NodeJS.ProcessEnv = process.env): RolloutPolicy {
  const vars = readEnv(schema, env);
  return {
    parityThreshold: vars.PARITY_THRESHOLD,
    parityMinSample: vars.PARITY_MIN_SAMPLE,
    parityWindowMinutes: vars.PARITY_WINDOW_MINUTES,
    maxErrorRate: vars.ROLLBACK_MAX_ERROR_RATE,
    minRequests: vars.ROLLBACK_MIN_REQUESTS,
    windowSeconds: vars.ROLLBACK_WINDOW_SECONDS,
    maxLatencyRatio: vars.ROLLBACK_MAX_LATENCY_RATIO,
    rollbackCooldownSeconds: vars.ROLLBACK_COOLDOWN_SECONDS,
    evaluateEveryMs: vars.ROLLOUT_EVALUATE_MS,
  };
}
