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
  /** The routes whose shadow parity vouches for this one: itself, or for a write never sent twice the reads that show its effect. */
  parityFrom: string[];
  lastFlip: LastChangeView | null;
  lastRollback: LastChangeView | null;
  /** When the route last came onto `lambda` and has stayed there since; null when it is not on `lambda`. */
  onLambdaSince: string | null;
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
  retirePolicy: { onLambdaForDays: number; minRequests: number; parityThreshold: number; parityMinSample: number; parityLookbackDays: number };
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

/** One route's projected monthly cost: served by its Lambda behind an HTTP API, vs its share of the monolith's servers (USD). */
export interface RouteCostView {
  route: string;
  method: string;
  path: string;
  capability: string | null;
  /** The Lambda that serves (or would serve) the route; null for routes that stay on the monolith. */
  functionName: string | null;
  /** The function's memory setting (extracted-functions/registry.ts). */
  memoryMb: number | null;
  state: string;
  /** What the proxy saw over the observation span, both targets together. */
  observed: { requests: number; meanDurationMs: number | null; meanRequestBytes: number; meanResponseBytes: number };
  /** Observed requests scaled from the observation span to a month. */
  requestsPerMonth: number;
  /** The next three are null for a route without a Lambda. */
  lambdaCost: number | null;
  apiGatewayCost: number | null;
  /** lambdaCost + apiGatewayCost. */
  serverlessCost: number | null;
  /** The monolith's monthly server cost, apportioned by the route's share of the time the servers spend answering. */
  monolithShareCost: number;
  /** Requests per second at which serverlessCost would equal monolithShareCost; null without a Lambda or without traffic to measure a duration and a share by. */
  breakEvenRequestsPerSecond: number | null;
}

/** `/_strangler/api/cost`: what each route would cost on Lambda + API Gateway, against the monolith. */
export interface CostView {
  generatedAt: string;
  currency: 'USD';
  /** The traffic the projection is based on: from `observedSince` to `generatedAt`. */
  observedSince: string;
  observedHours: number;
  routes: RouteCostView[];
  /** Sums over the routes; the serverless costs over the routes that have one. */
  totals: { requestsPerMonth: number; lambdaCost: number; apiGatewayCost: number; serverlessCost: number; monolithCost: number; monolithShareCost: number };
  assumptions: {
    region: string;
    /** The day the prices were taken from the AWS price pages, and where from. */
    priceDate: string;
    priceSources: string[];
    architecture: string;
    lambdaPerGbSecond: number;
    lambdaPerMillionRequests: number;
    apiGatewayPerMillionRequests: number;
    /** HTTP API requests are metered in increments of this many bytes. */
    apiGatewayMeteringBytes: number;
    hoursPerMonth: number;
    monolithInstanceHourly: number;
    monolithInstanceCount: number;
    /** What the projection leaves out (free tiers, data transfer, ...). */
    notes: string[];
  };
}
