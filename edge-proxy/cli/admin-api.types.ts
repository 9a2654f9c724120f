/** The admin API's answers, as the CLI reads them. */
export interface FlagView {
  capability?: string;
  route?: string;
  state: string;
  canaryPercent: number;
  reverseShadow: boolean;
  ramp: { steps: number[]; stepIndex: number; holdSeconds: number } | null;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface StatusView {
  capabilities: Array<FlagView & { capability: string; routes: number; routesOnLambda: number }>;
  summary: { routes: number; routesOnLambda: number };
}

export interface ChangeView {
  id: number;
  scope: string;
  name: string;
  from: string;
  to: string;
  reason: string;
  actor: string;
  changedAt: string;
  toPercent: number;
  forced: boolean;
  evidence: Record<string, unknown> | null;
}

export interface FlagChangeResult {
  flag: FlagView;
  changed: boolean;
  change: ChangeView | null;
}

/** A capability's rollback: its own change, and the removals of its routes' overrides. */
export interface RollbackResult extends FlagChangeResult {
  removedOverrides: ChangeView[];
}

export interface OverrideRemovalResult {
  route: string;
  removed: boolean;
  change: ChangeView | null;
}

export interface ParityView {
  route: string;
  rate: number | null;
  sample: number;
  dropped: number;
}

export interface MismatchView {
  id: string;
  routeId: string;
  observedAt: string;
  requestId: string;
  method: string;
  path: string;
  differences: Array<{ path: string; primary: unknown; shadow: unknown }>;
  primary: { target: string; status: number; body: string };
  shadow: { target: string; status: number; body: string };
}

export interface DeadLetterView {
  id: string;
  functionName: string;
  errorType: string;
  errorMessage: string;
  attempts: number;
  failedAt: string;
  replayedAt: string | null;
  event: unknown;
}
