import type { DeliveryStatus } from './delivery';

/** How often and how patiently a delivery is retried. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** What one attempt changes on a delivery row. */
export interface AttemptOutcome {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: Date;
  readonly deliveredAt: Date | null;
}

/**
 * The wait before retry number `attempts` + 1: baseDelayMs * 2^(attempts - 1), capped at maxDelayMs,
 * of which a random half is dropped ("equal jitter") so receivers that failed together are not
 * hit together again.
 */
export function retryDelayMs(attempts: number, policy: RetryPolicy, random: () => number): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  return Math.round(capped / 2 + (random() * capped) / 2);
}

/** The row after an attempt that made `attempts` in all and failed with `error` (or succeeded). */
export function outcomeOfAttempt(
  { attempts, error, at }: { attempts: number; error?: string; at: Date },
  policy: RetryPolicy,
  random: () => number,
): AttemptOutcome {
  if (error === undefined) return { status: 'delivered', attempts, lastError: null, nextAttemptAt: at, deliveredAt: at };
  const lastError = error.slice(0, 1000);
  if (attempts >= policy.maxAttempts) return { status: 'failed', attempts, lastError, nextAttemptAt: at, deliveredAt: null };
  const nextAttemptAt = new Date(at.getTime() + retryDelayMs(attempts, policy, random));
  return { status: 'pending', attempts, lastError, nextAttemptAt, deliveredAt: null };
}
