import type { DeadLetter } from '../../core/events/dead-letter';
import type { Flag, FlagChange } from '../../core/flags/flag';
import type { ParityMismatch, ParityTotals } from '../../core/rollout/parity/parity.store';
import { parityRate } from '../../core/rollout/parity/parity-rate';
import type { RouteDefinition } from '../routing/route-table';

/** A flag as the admin API shows it. */
export function toFlagView(flag: Flag) {
  return {
    [flag.scope === 'capability' ? 'capability' : 'route']: flag.name,
    state: flag.state,
    canaryPercent: flag.canaryPercent,
    reverseShadow: flag.reverseShadow,
    ramp: flag.ramp,
    version: flag.version,
    updatedAt: flag.updatedAt?.toISOString() ?? null,
    updatedBy: flag.updatedBy,
  };
}

/** An audit entry as the admin API shows it. */
export function toChangeView(change: FlagChange) {
  return {
    id: change.id,
    scope: change.scope,
    name: change.name,
    from: change.fromState,
    to: change.toState,
    toPercent: change.toPercent,
    reason: change.reason,
    actor: change.actor,
    changedAt: change.changedAt.toISOString(),
    forced: change.forced,
    evidence: change.evidence,
  };
}

/** A route-table entry with the flag that decides it now (`legacy` when none was ever set). */
export function toRouteView(route: RouteDefinition, flag: Flag | undefined) {
  const state = route.capability && route.functionName ? (flag?.state ?? 'legacy') : 'legacy';
  return { ...route, state, canaryPercent: state === 'canary' ? flag!.canaryPercent : 0, servedBy: state === 'lambda' ? 'lambda' : 'legacy', flag: flag ? { scope: flag.scope, name: flag.name } : null };
}

/** A route's shadow parity over a window. */
export function toParityView(routeId: string, totals: ParityTotals | undefined) {
  const counts = totals ?? { compared: 0, matched: 0, dropped: 0 };
  return { route: routeId, ...parityRate(counts), compared: counts.compared, matched: counts.matched, dropped: counts.dropped };
}

/** A kept mismatch, with both sides. */
export function toMismatchView(mismatch: ParityMismatch) {
  return { ...mismatch, observedAt: mismatch.observedAt.toISOString() };
}

/** A dead letter as the admin API shows it, with its event (always JSON: the runtime refuses anything else). */
export function toDeadLetterView(letter: DeadLetter) {
  return {
    id: letter.id,
    functionName: letter.functionName,
    errorType: letter.errorType,
    errorMessage: letter.errorMessage,
    attempts: letter.attempts,
    failedAt: letter.failedAt.toISOString(),
    replayedAt: letter.replayedAt?.toISOString() ?? null,
    event: JSON.parse(letter.payload) as unknown,
  };
}
