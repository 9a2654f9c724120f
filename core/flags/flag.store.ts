import type { Flag, FlagChange, FlagEvidence, FlagScope, FlagSetting, FlagState } from './flag';

export interface FlagChangeRequest {
  readonly scope: FlagScope;
  readonly name: string;
  readonly to: FlagSetting;
  readonly fromState: FlagState;
  readonly reason: string;
  readonly actor: string;
  /** The version the caller saw; the change is refused if the flag moved since. */
  readonly expectedVersion: number;
  readonly at: Date;
  readonly forced: boolean;
  readonly evidence: FlagEvidence | null;
}

/** Removing a route's override, so the route follows its capability again; audited like a change. */
export type FlagRemovalRequest = Omit<FlagChangeRequest, 'scope' | 'to'>;

/** Which audit entries to read. */
export interface FlagHistoryFilter {
  readonly scope?: FlagScope;
  readonly name?: string;
  readonly actor?: string;
}

/** Where flags and their audit trail live, shared by every proxy instance. */
export interface FlagStore {
  /** Every flag that has been set at least once. */
  list(): Promise<Flag[]>;
  /** The id of the latest audit entry (0 if none): a cheap "did anything change?" for pollers. */
  latestVersion(): Promise<number>;
  /** Applies a change and records it in the audit trail, atomically; announces it to listeners. */
  change(request: FlagChangeRequest): Promise<FlagChange>;
  /** Removes a route's override and records it in the audit trail, atomically; announces it to listeners. */
  removeRouteFlag(request: FlagRemovalRequest): Promise<FlagChange>;
  /** Audit entries, newest first. */
  history(limit: number, filter?: FlagHistoryFilter): Promise<FlagChange[]>;
}
