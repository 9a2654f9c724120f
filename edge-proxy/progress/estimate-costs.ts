import { awsPrices } from '../../core/rollout/cost/aws-prices';
import { projectCosts, type MonolithServers, type RouteUsage } from '../../core/rollout/cost/cost-model';
import type { RouteTargetTotals } from '../../core/rollout/progress/traffic-totals.store';
import type { FunctionDefinition } from '../../extracted-functions/registry';
import type { CostView } from '../cli/admin-api.types';
import type { RouteDefinition } from '../routing/route-table';

export interface CostInputs {
  readonly states: ReadonlyArray<{ readonly route: RouteDefinition; readonly state: string }>;
  /** Traffic per route and target over the observation span. */
  readonly totals: readonly RouteTargetTotals[];
  /** The first minute with traffic in the span; null when there was none. */
  readonly firstMinute: Date | null;
  readonly now: Date;
  readonly functions: readonly FunctionDefinition[];
  readonly servers: MonolithServers;
}

const hourMs = 3_600_000;
// A span shorter than a minute would scale a handful of requests into an absurd month.
const shortestSpanHours = 1 / 60;

type Counts = Pick<RouteTargetTotals, 'requests' | 'latencySumMs' | 'requestBytes' | 'responseBytes'>;
const none: Counts = { requests: 0, latencySumMs: 0, requestBytes: 0, responseBytes: 0 };
const totalsOf = (totals: readonly RouteTargetTotals[], routeId: string, target: RouteTargetTotals['target']): Counts =>
  totals.find((row) => row.routeId === routeId && row.target === target) ?? none;
const meanDuration = ({ requests, latencySumMs }: Pick<Counts, 'requests' | 'latencySumMs'>) => (requests > 0 ? latencySumMs / requests : null);

const notes = [
  'Free tiers, volume discounts and savings plans are left out: list prices for every request.',
  'Durations are those the proxy measured (invocation overhead and cold starts included): the Lambda bill errs high.',
  'A route the Lambda has not answered yet is billed at the monolith\u2019s duration.',
  'HTTP API calls are metered on the request and response bytes together.',
  'Data transfer, CloudWatch logs and the authorizer function\u2019s own invocations (cached per token) are not counted.',
  'The monolith\u2019s servers cost the same whatever they serve: a route\u2019s share is its part of the time spent answering (requests × mean duration).',
];

/** The cost answer: each route's month on Lambda + HTTP API against its share of the monolith, from the observed traffic. */
export function estimateCosts({ states, totals, firstMinute, now, functions, servers }: CostInputs): CostView {
  const observedSince = firstMinute ?? now;
  const observedHours = Math.max((now.getTime() - observedSince.getTime()) / hourMs, shortestSpanHours);
  const usage = states.map(({ route }): RouteUsage => {
    const legacy = totalsOf(totals, route.id, 'legacy');
    const lambda = totalsOf(totals, route.id, 'lambda');
    const requests = legacy.requests + lambda.requests;
    const fn = route.functionName ? functions.find((candidate) => candidate.name === route.functionName) : undefined;
    return {
      routeId: route.id,
      memoryMb: fn?.memoryMb ?? null,
      requests,
      billedDurationMs: meanDuration(lambda.requests > 0 ? lambda : legacy),
      meanDurationMs: meanDuration({ requests, latencySumMs: legacy.latencySumMs + lambda.latencySumMs }),
      meanRequestBytes: requests > 0 ? (legacy.requestBytes + lambda.requestBytes) / requests : 0,
      meanResponseBytes: requests > 0 ? (legacy.responseBytes + lambda.responseBytes) / requests : 0,
    };
  });
  const projection = projectCosts(usage, observedHours, servers);
  return {
    generatedAt: now.toISOString(),
    currency: 'USD',
    observedSince: observedSince.toISOString(),
    observedHours,
    routes: states.map(({ route, state }, index) => {
      const cost = projection.routes[index]!;
      const used = usage[index]!;
      return {
        route: route.id,
        method: route.method,
        path: route.path,
        capability: route.capability,
        functionName: route.functionName,
        memoryMb: used.memoryMb,
        state,
        observed: { requests: used.requests, meanDurationMs: used.meanDurationMs, meanRequestBytes: used.meanRequestBytes, meanResponseBytes: used.meanResponseBytes },
        requestsPerMonth: cost.requestsPerMonth,
        lambdaCost: cost.lambdaCost,
        apiGatewayCost: cost.apiGatewayCost,
        serverlessCost: cost.serverlessCost,
        monolithShareCost: cost.monolithShareCost,
        breakEvenRequestsPerSecond: cost.breakEvenRequestsPerSecond,
      };
    }),
    totals: projection.totals,
    assumptions: {
      region: awsPrices.region,
      priceDate: awsPrices.takenOn,
      priceSources: [...awsPrices.sources],
      architecture: awsPrices.lambda.architecture,
      lambdaPerGbSecond: awsPrices.lambda.perGbSecond,
      lambdaPerMillionRequests: awsPrices.lambda.perMillionRequests,
      apiGatewayPerMillionRequests: awsPrices.httpApi.perMillionRequests,
      apiGatewayMeteringBytes: awsPrices.httpApi.meteringIncrementBytes,
      hoursPerMonth: awsPrices.hoursPerMonth,
      monolithInstanceHourly: servers.instanceHourly,
      monolithInstanceCount: servers.instanceCount,
      notes,
    },
  };
}
