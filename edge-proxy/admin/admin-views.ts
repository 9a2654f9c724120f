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
