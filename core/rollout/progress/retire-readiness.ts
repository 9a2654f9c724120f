import type { FlagState } from '../../flags/flag';

/** When the monolith's copy of a route may go: the thresholds of the retire-readiness verdict. */
export interface RetirePolicy {
  /** Days the route must have been served by its Lambda alone, without a rollback. */
  readonly onLambdaForDays: number;
  /** Requests the Lambda must have answered over those days. */
  readonly minRequests: number;
  /** Shadow parity the route needs, measured on at least `parityMinSample` comparisons… */
  readonly parityThreshold: number;
  readonly parityMinSample: number;
  /** …within this many days before the route came onto `lambda`, or since (shadow stops there, reverse shadow goes on). */
  readonly parityLookbackDays: number;
}

/** What is known about a route when judging whether its monolith code can go. */
export interface RetireEvidence {
  /** null for platform routes, which the monolith always answers. */
  readonly capability: string | null;
  readonly functionName: string | null;
  readonly state: FlagState;
  readonly canaryPercent: number;
  readonly onLambdaSince: Date | null;
  readonly lastRollbackAt: Date | null;
  /** Requests per target over the last `onLambdaForDays` days. */
  readonly requests: { readonly legacy: number; readonly lambda: number };
  /** Shadow parity of the routes that vouch for this one, from `parityLookbackDays` before it came onto lambda (else before now). */
  readonly parity: { readonly rate: number | null; readonly sample: number };
}

export interface RetireVerdict {
  readonly ready: boolean;
  /** Why not, one sentence per unmet rule; empty when ready. */
  readonly reasons: string[];
}

const dayMs = 86_400_000;
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const days = (ms: number) => `${(ms / dayMs).toFixed(1)} days`;

function stateReason(evidence: RetireEvidence): string | undefined {
  if (evidence.capability === null) return 'a platform route: the monolith always answers it';
  if (evidence.functionName === null) return 'no Lambda serves it yet (extracted-functions/registry.ts)';
  if (evidence.state === 'lambda') return undefined;
  const state = evidence.state === 'canary' ? `canary ${evidence.canaryPercent}%` : evidence.state;
  return `it is on ${state}: its Lambda must answer all of it`;
}

function holdReasons(evidence: RetireEvidence, policy: RetirePolicy, now: Date): string[] {
  const periodStart = now.getTime() - policy.onLambdaForDays * dayMs;
  const reasons: string[] = [];
  const since = evidence.onLambdaSince;
  const heldLongEnough = since !== null && since.getTime() <= periodStart;
  if (since && !heldLongEnough) reasons.push(`on lambda since ${since.toISOString()} (${days(now.getTime() - since.getTime())}); needs ${policy.onLambdaForDays} days`);
  // Without the move in the audit trail (seeded flags, a trimmed history) the days cannot be vouched for.
  if (!since && evidence.state === 'lambda') reasons.push(`the audit trail does not say when it came onto lambda; needs ${policy.onLambdaForDays} days there`);
  if (evidence.lastRollbackAt && evidence.lastRollbackAt.getTime() > periodStart) {
    reasons.push(`rolled back at ${evidence.lastRollbackAt.toISOString()}, within the last ${policy.onLambdaForDays} days`);
  }
  if (evidence.requests.lambda < policy.minRequests) {
    reasons.push(`its Lambda answered ${evidence.requests.lambda} requests in the last ${policy.onLambdaForDays} days; needs ${policy.minRequests}`);
  }
  // On lambda all along the period, the monolith only answers fallbacks: while it does, it is still needed.
  if (heldLongEnough && evidence.requests.legacy > 0) {
    reasons.push(`the monolith still answered ${evidence.requests.legacy} of its requests (fallbacks) in the last ${policy.onLambdaForDays} days`);
  }
  return reasons;
}

function parityReason({ parity }: RetireEvidence, policy: RetirePolicy): string | undefined {
  const needs = `needs ${percent(policy.parityThreshold)} over at least ${policy.parityMinSample} within ${policy.parityLookbackDays} days before it came onto lambda, or since`;
  if (parity.rate === null || parity.sample < policy.parityMinSample) return `parity measured on ${parity.sample} shadow comparisons (${needs})`;
  if (parity.rate < policy.parityThreshold) return `parity ${percent(parity.rate)} over ${parity.sample} comparisons (${needs})`;
  return undefined;
}

/**
 * Whether the monolith's route and its code can be removed: served by the Lambda alone for the
 * policy's days and requests, no rollback in that time, shadow parity above the threshold.
 */
export function judgeRetireReadiness(evidence: RetireEvidence, policy: RetirePolicy, now: Date): RetireVerdict {
  const notMigrated = stateReason(evidence);
  if (evidence.capability === null || evidence.functionName === null) return { ready: false, reasons: [notMigrated!] };
  const reasons = [notMigrated, ...holdReasons(evidence, policy, now), parityReason(evidence, policy)].filter((reason) => reason !== undefined);
  return { ready: reasons.length === 0, reasons };
}

/** A capability can leave the monolith when every one of its routes can; the reasons name the routes. */
export function judgeCapabilityRetirement(routes: ReadonlyArray<{ readonly routeId: string; readonly verdict: RetireVerdict }>): RetireVerdict {
  const reasons = routes.flatMap(({ routeId, verdict }) => verdict.reasons.map((reason) => `${routeId}: ${reason}`));
  return { ready: routes.length > 0 && reasons.length === 0, reasons };
}
