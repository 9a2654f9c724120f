import type { FlagChange, FlagState } from '../../flags/flag';

/** What the audit trail says about the flag that decides a route. */
export interface RouteFlagHistory {
  /** When the route last came onto `lambda` and has stayed there since; null when it is not on `lambda`. */
  readonly onLambdaSince: Date | null;
  /** The last change that moved the route (its own override, or its capability while not overridden). */
  readonly lastFlip: FlagChange | null;
  /** The last change that sent the route back to `legacy` from any other state. */
  readonly lastRollback: FlagChange | null;
}

const byId = (a: FlagChange, b: FlagChange) => a.id - b.id;

/**
 * Replays the audit trail of a route's capability and its override, oldest first: a route follows
 * its capability unless overridden, so a capability change under an override does not move it.
 * `changes` must hold every change of both flags (in any order); others are ignored.
 */
export function readRouteFlagHistory(changes: readonly FlagChange[], route: { id: string; capability: string }): RouteFlagHistory {
  let capabilityState: FlagState = 'legacy';
  let override: FlagState | null = null;
  let onLambdaSince: Date | null = null;
  let lastFlip: FlagChange | null = null;
  let lastRollback: FlagChange | null = null;
  const governing = changes.filter((change) => (change.scope === 'capability' ? change.name === route.capability : change.name === route.id)).sort(byId);
  for (const change of governing) {
    const before = override ?? capabilityState;
    if (change.scope === 'route') override = change.toState === 'inherit' ? null : change.toState;
    else if (change.toState !== 'inherit') capabilityState = change.toState;
    if (change.scope === 'capability' && override !== null) continue;
    const after = override ?? capabilityState;
    lastFlip = change;
    if (after === 'legacy' && before !== 'legacy') lastRollback = change;
    if (after !== 'lambda') onLambdaSince = null;
    else if (before !== 'lambda') onLambdaSince = change.changedAt;
  }
  return { onLambdaSince, lastFlip, lastRollback };
}

/** The last change of a capability's own flag, and its last return to `legacy`. */
export function readCapabilityFlagHistory(changes: readonly FlagChange[], capability: string): Pick<RouteFlagHistory, 'lastFlip' | 'lastRollback'> {
  const own = changes.filter((change) => change.scope === 'capability' && change.name === capability).sort(byId);
  return {
    lastFlip: own.at(-1) ?? null,
    lastRollback: own.filter((change) => change.toState === 'legacy' && change.fromState !== 'legacy').at(-1) ?? null,
  };
}
