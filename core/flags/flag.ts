/** Who answers a route. The states between (shadow, canary) arrive with progressive delivery. */
export const flagStates = ['legacy', 'lambda'] as const;

export type FlagState = (typeof flagStates)[number];

/** A flag is set for a whole capability, or overrides it for one route. */
export type FlagScope = 'capability' | 'route';

export interface Flag {
  readonly scope: FlagScope;
  readonly name: string;
  readonly state: FlagState;
  /** Id of the audit entry that last changed it; 0 when never set (the default, legacy). */
  readonly version: number;
  readonly updatedAt: Date | null;
  readonly updatedBy: string | null;
}

/** One entry of the audit trail: who moved what, when, from where to where, and why. */
export interface FlagChange {
  readonly id: number;
  readonly scope: FlagScope;
  readonly name: string;
  readonly fromState: FlagState;
  readonly toState: FlagState;
  readonly reason: string;
  readonly actor: string;
  readonly changedAt: Date;
}

/** Narrows a stored string to a state this code understands. */
export function isFlagState(value: string): value is FlagState {
  return (flagStates as readonly string[]).includes(value);
}

/** The state a flag has when nobody has set it. */
export function defaultFlag(scope: FlagScope, name: string): Flag {
  return { scope, name, state: 'legacy', version: 0, updatedAt: null, updatedBy: null };
}
