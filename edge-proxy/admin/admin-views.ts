import type { DeadLetter } from '../../core/events/dead-letter';
import type { Flag, FlagChange, FlagState } from '../../core/flags/flag';
import type { RouteDefinition } from '../routing/route-table';

/** A flag as the admin API shows it. */
export function toFlagView(flag: Flag) {
  return {
    capability: flag.name,
    state: flag.state,
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
    reason: change.reason,
    actor: change.actor,
    changedAt: change.changedAt.toISOString(),
  };
}

/** A route-table entry with the side that serves it now. */
export function toRouteView(route: RouteDefinition, servedBy: FlagState) {
  return { ...route, servedBy };
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
