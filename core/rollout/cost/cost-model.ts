import { awsPrices, type AwsPrices } from './aws-prices';

/** The servers the monolith runs on. */
export interface MonolithServers {
  readonly instanceHourly: number;
  readonly instanceCount: number;
}

/** What one route's observed traffic says about its cost. */
export interface RouteUsage {
  readonly routeId: string;
  /** The memory setting of its Lambda; null when it has none (it stays on the monolith). */
  readonly memoryMb: number | null;
  /** Requests over the observation span, both targets. */
  readonly requests: number;
  /** Mean duration to bill: its Lambda's where the Lambda answered, else the monolith's; null without traffic. */
  readonly billedDurationMs: number | null;
  /** Mean time it takes to answer, both targets: its weight in the monolith's servers. */
  readonly meanDurationMs: number | null;
  readonly meanRequestBytes: number;
  readonly meanResponseBytes: number;
}

export interface RouteCost {
  readonly routeId: string;
  readonly requestsPerMonth: number;
  readonly lambdaCost: number | null;
  readonly apiGatewayCost: number | null;
  readonly serverlessCost: number | null;
  readonly monolithShareCost: number;
  readonly breakEvenRequestsPerSecond: number | null;
}

export interface CostProjection {
  readonly routes: RouteCost[];
  readonly totals: { requestsPerMonth: number; lambdaCost: number; apiGatewayCost: number; serverlessCost: number; monolithCost: number; monolithShareCost: number };
}

/** Lambda's price of one request of `durationMs` at `memoryMb`: compute (rounded up to the billing increment) and the request. */
export function lambdaCostPerRequest(memoryMb: number, durationMs: number, prices: AwsPrices = awsPrices): number {
  const { perGbSecond, perMillionRequests, billingIncrementMs } = prices.lambda;
  const billedMs = Math.ceil(durationMs / billingIncrementMs) * billingIncrementMs;
  return (billedMs / 1000) * (memoryMb / 1024) * perGbSecond + perMillionRequests / 1e6;
}

/** The HTTP API's price of one call carrying `bytes` (request and response), metered in 512 KB increments. */
export function apiGatewayCostPerRequest(bytes: number, prices: AwsPrices = awsPrices): number {
  const { perMillionRequests, meteringIncrementBytes } = prices.httpApi;
  return Math.max(1, Math.ceil(bytes / meteringIncrementBytes)) * (perMillionRequests / 1e6);
}

/**
 * Projects each route's month on Lambda + HTTP API from `observedHours` of its traffic, against its
 * share of the monolith's servers (the servers cost the same whatever they serve, so a route's share
 * is its part of the time they spend answering), and the request rate at which the two meet.
 */
export function projectCosts(usage: readonly RouteUsage[], observedHours: number, servers: MonolithServers, prices: AwsPrices = awsPrices): CostProjection {
  if (!(observedHours > 0)) throw new RangeError(`The observation span must be positive, got ${observedHours} hours`);
  const secondsPerMonth = prices.hoursPerMonth * 3600;
  const monolithCost = servers.instanceHourly * servers.instanceCount * prices.hoursPerMonth;
  const weightOf = (route: RouteUsage) => route.requests * (route.meanDurationMs ?? 0);
  const totalWeight = usage.reduce((sum, route) => sum + weightOf(route), 0);

  const routes = usage.map((route): RouteCost => {
    const requestsPerMonth = route.requests * (prices.hoursPerMonth / observedHours);
    const monolithShareCost = totalWeight > 0 ? (monolithCost * weightOf(route)) / totalWeight : 0;
    if (route.memoryMb === null) return { routeId: route.routeId, requestsPerMonth, lambdaCost: null, apiGatewayCost: null, serverlessCost: null, monolithShareCost, breakEvenRequestsPerSecond: null };
    const lambdaPerRequest = route.billedDurationMs === null ? null : lambdaCostPerRequest(route.memoryMb, route.billedDurationMs, prices);
    const apiPerRequest = apiGatewayCostPerRequest(route.meanRequestBytes + route.meanResponseBytes, prices);
    const lambdaCost = requestsPerMonth * (lambdaPerRequest ?? 0);
    const apiGatewayCost = requestsPerMonth * apiPerRequest;
    const breakEvenRequestsPerSecond = lambdaPerRequest !== null && monolithShareCost > 0 ? monolithShareCost / ((lambdaPerRequest + apiPerRequest) * secondsPerMonth) : null;
    return { routeId: route.routeId, requestsPerMonth, lambdaCost, apiGatewayCost, serverlessCost: lambdaCost + apiGatewayCost, monolithShareCost, breakEvenRequestsPerSecond };
  });

  const sum = (pick: (route: RouteCost) => number | null) => routes.reduce((total, route) => total + (pick(route) ?? 0), 0);
  return {
    routes,
    totals: {
      requestsPerMonth: sum((route) => route.requestsPerMonth),
      lambdaCost: sum((route) => route.lambdaCost),
      apiGatewayCost: sum((route) => route.apiGatewayCost),
      serverlessCost: sum((route) => route.serverlessCost),
      monolithCost,
      monolithShareCost: sum((route) => route.monolithShareCost),
    },
  };
}
