import type { Flag, FlagChange, FlagScope, FlagState } from './flag';

export interface FlagChangeRequest {
  readonly scope: FlagScope;
  readonly name: string;
  readonly toState: FlagState;
  readonly reason: string;
  readonly actor: string;
  /** The version the caller saw; the change is refused if the flag moved since. */
  readonly expectedVersion: number;
  readonly fromState: FlagState;
  readonly at: Date;
}

/** Where flags and their audit trail live, shared by every proxy instance. */
export interface FlagStore {
  /** Every flag that has been set at least once. */
  list(): Promise<Flag[]>;
  /** Applies a change and records it in the audit trail, atomically. */
  change(request: FlagChangeRequest): Promise<FlagChange>;
  /** Audit entries, newest first. */
  history(limit: number): Promise<FlagChange[]>;
}
