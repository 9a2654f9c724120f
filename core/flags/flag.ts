import type { RampPlan } from './ramp-plan';

/**
 * Who answers a route, in the order a migration walks them: the monolith; the monolith while the
 * Lambda answers a mirrored copy (shadow); a sticky share of clients on the Lambda (canary); the Lambda.
 */
export const flagStates = ['legacy', 'shadow', 'canary', 'lambda'] as const;

export type FlagState = (typeof flagStates)[number];

/** A flag is set for a whole capability, or overrides it for one route. */
export type FlagScope = 'capability' | 'route';

/** Where a flag's traffic goes and how it is observed; everything a proxy needs to route a request. */
export interface FlagSetting {
  readonly state: FlagState;
  /** Share of clients served by the Lambda in `canary` (1-99); 0 otherwise. */
  readonly canaryPercent: number;
  /** In `lambda`: the monolith still gets a mirrored copy, so parity is measured before it is retired. */
  readonly reverseShadow: boolean;
  /** In `canary`: the schedule the rollout controller advances while the Lambda stays healthy. */
  readonly ramp: RampPlan | null;
}

export interface Flag extends FlagSetting {
  readonly scope: FlagScope;
  readonly name: string;
  /** Id of the audit entry that last changed it; 0 when never set (the default, legacy). */
  readonly version: number;
  readonly updatedAt: Date | null;
  readonly updatedBy: string | null;
}

/** The audit's `to` when a route's override is removed: the route follows its capability again. */
export const followsCapability = 'inherit';

/** What was known when a flag moved: parity per route, the Lambda's and the monolith's health. */
export type FlagEvidence = Readonly<Record<string, unknown>>;

/** One entry of the audit trail: who moved what, when, from where to where, why, and on what evidence. */
export interface FlagChange {
  readonly id: number;
  readonly scope: FlagScope;
  readonly name: string;
  readonly fromState: FlagState;
  readonly toState: FlagState | typeof followsCapability;
  readonly toPercent: number;
  readonly reason: string;
  readonly actor: string;
  readonly changedAt: Date;
  /** A gate refused the change and the engineer overrode it; the reason says why. */
  readonly forced: boolean;
  readonly evidence: FlagEvidence | null;
}

/** Narrows a stored string to a state this code understands. */
export function isFlagState(value: string): value is FlagState {
  return (flagStates as readonly string[]).includes(value);
}

export const legacySetting: FlagSetting = { state: 'legacy', canaryPercent: 0, reverseShadow: false, ramp: null };

/** The state a flag has when nobody has set it. */
export function defaultFlag(scope: FlagScope, name: string): Flag {
  return { scope, name, ...legacySetting, version: 0, updatedAt: null, updatedBy: null };
}
