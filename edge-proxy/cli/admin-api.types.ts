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

/** Requests, errors and latency of one target (the monolith or the Lambda) over a period. */
export interface TargetTrafficView {
  requests: number;
  errors: number;
  /** errors / requests; null without requests. */
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** Share of requests the Lambda answered; null where there was no traffic. */
export interface LambdaShareView {
  lastHour: number | null;
  lastDay: number | null;
  lastWeek: number | null;
}

/** Whether the monolith's route (and its code) can be removed, and if not, why not. */
export interface RetireReadinessView {
  ready: boolean;
  reasons: string[];
}

/** The last flag change of a kind (any flip, or a rollback), from the audit trail. */
export interface LastChangeView {
  at: string;
  actor: string;
  from: string;
  to: string;
  toPercent: number;
  reason: string;
}

export interface RouteProgressView {
  route: string;
  method: string;
  path: string;
  capability: string | null;
  functionName: string | null;
  state: string;
  canaryPercent: number;
  /** The route has its own flag, apart from its capability's. */
  overridden: boolean;
  lambdaShare: LambdaShareView;
  /** Over the last day, per target. */
  traffic: { legacy: TargetTrafficView; lambda: TargetTrafficView };
  parity: { rate: number | null; sample: number };
  lastFlip: LastChangeView | null;
  lastRollback: LastChangeView | null;
  /** The pre-flight check's findings for this route. */
  preflight: Array<{ rule: string; severity: string; problem: string; handling: string }>;
  retire: RetireReadinessView;
}

export interface CapabilityProgressView {
  capability: string;
  state: string;
  canaryPercent: number;
  routes: number;
  routesOnLambda: number;
  lambdaShare: LambdaShareView;
  lastFlip: LastChangeView | null;
  lastRollback: LastChangeView | null;
  /** Every route of the capability is ready to retire. */
  retire: RetireReadinessView;
}

/** `/_strangler/api/progress`: where the migration stands, per capability and route. */
export interface ProgressView {
  generatedAt: string;
  /** The thresholds the retire-readiness verdicts were judged by. */
  retirePolicy: { onLambdaForDays: number; minRequests: number; parityThreshold: number };
  totals: {
    routes: number;
    routesOnLambda: number;
    routesReadyToRetire: number;
    capabilities: number;
    capabilitiesOnLambda: number;
    lambdaShare: LambdaShareView;
  };
  /** Requests per hour and target over the last week, oldest first (hours without traffic left out). */
  shareOverTime: Array<{ hour: string; legacy: number; lambda: number }>;
  capabilities: CapabilityProgressView[];
  routes: RouteProgressView[];
}
