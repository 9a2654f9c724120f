import type { CapabilityProgressView, CostView, ProgressView, RouteCostView, RouteProgressView, TargetTrafficView } from '../cli/admin-api.types';

const quietTarget = (): TargetTrafficView => ({ requests: 0, errors: 0, errorRate: null, p50Ms: null, p95Ms: null, p99Ms: null });

/** A route's progress, legacy and without traffic unless told otherwise. */
export function aRouteProgress(overrides: Partial<RouteProgressView> = {}): RouteProgressView {
  return {
    route: 'auth.me',
    method: 'GET',
    path: '/api/users/me',
    capability: 'auth',
    functionName: 'auth',
    state: 'legacy',
    canaryPercent: 0,
    overridden: false,
    lambdaShare: { lastHour: null, lastDay: null, lastWeek: null },
    traffic: { legacy: quietTarget(), lambda: quietTarget() },
    parity: { rate: null, sample: 0 },
    parityFrom: ['auth.me'],
    lastFlip: null,
    lastRollback: null,
    onLambdaSince: null,
    preflight: [],
    retire: { ready: false, reasons: ['not on the Lambda'] },
    ...overrides,
  };
}

export function aCapabilityProgress(overrides: Partial<CapabilityProgressView> = {}): CapabilityProgressView {
  return {
    capability: 'auth',
    state: 'legacy',
    canaryPercent: 0,
    routes: 1,
    routesOnLambda: 0,
    lambdaShare: { lastHour: null, lastDay: null, lastWeek: null },
    lastFlip: null,
    lastRollback: null,
    retire: { ready: false, reasons: ['not on the Lambda'] },
    ...overrides,
  };
}

/** The progress answer over the given routes and capabilities, totals counted from them. */
export function aProgressView({ routes = [aRouteProgress()], capabilities = [aCapabilityProgress()], ...overrides }: Partial<ProgressView> = {}): ProgressView {
  return {
    generatedAt: '2026-12-03T08:30:00.000Z',
    retirePolicy: { onLambdaForDays: 7, minRequests: 1000, parityThreshold: 0.99, parityMinSample: 100, parityLookbackDays: 7 },
    totals: {
      routes: routes.length,
      routesOnLambda: routes.filter((route) => route.state === 'lambda').length,
      routesReadyToRetire: routes.filter((route) => route.retire.ready).length,
      capabilities: capabilities.length,
      capabilitiesOnLambda: capabilities.filter((capability) => capability.state === 'lambda').length,
      lambdaShare: { lastHour: null, lastDay: null, lastWeek: null },
    },
    shareOverTime: [],
    capabilities,
    routes,
    ...overrides,
  };
}

function aRouteCost(overrides: Partial<RouteCostView> = {}): RouteCostView {
  return {
    route: 'auth.me',
    method: 'GET',
    path: '/api/users/me',
    capability: 'auth',
    functionName: 'auth',
    memoryMb: 512,
    state: 'legacy',
    observed: { requests: 0, meanDurationMs: null, meanRequestBytes: 0, meanResponseBytes: 0 },
    requestsPerMonth: 0,
    lambdaCost: 0,
    apiGatewayCost: 0,
    serverlessCost: 0,
    monolithShareCost: 0,
    breakEvenRequestsPerSecond: null,
    ...overrides,
  };
}

export function aCostView(routes: RouteCostView[] = [aRouteCost()]): CostView {
  return {
    generatedAt: '2026-12-03T08:30:00.000Z',
    currency: 'USD',
    observedSince: '2026-11-26T08:30:00.000Z',
    observedHours: 168,
    routes,
    totals: { requestsPerMonth: 0, lambdaCost: 0, apiGatewayCost: 0, serverlessCost: 0, monolithCost: 70, monolithShareCost: 0 },
    assumptions: {
      region: 'us-east-1',
      priceDate: '2026-11-01',
      priceSources: [],
      architecture: 'arm64',
      lambdaPerGbSecond: 0.0000133334,
      lambdaPerMillionRequests: 0.2,
      apiGatewayPerMillionRequests: 1,
      apiGatewayMeteringBytes: 512,
      hoursPerMonth: 730,
      monolithInstanceHourly: 0.096,
      monolithInstanceCount: 1,
      notes: [],
    },
  };
}
