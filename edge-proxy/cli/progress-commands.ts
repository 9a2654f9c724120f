import type { Command } from 'commander';
import { CliError } from './admin-client';
import type { CostView, LambdaShareView, ProgressView, RetireReadinessView, RouteProgressView } from './admin-api.types';
import type { CommandContext } from './rollout-commands';
import { formatTable } from './format-table';

const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);
const shares = (share: LambdaShareView) => `${percent(share.lastHour)} / ${percent(share.lastDay)} / ${percent(share.lastWeek)}`;
const retire = (verdict: RetireReadinessView) => (verdict.ready ? 'ready' : 'not yet');
const millis = (ms: number | null) => (ms === null ? '–' : `${Math.round(ms)} ms`);
const dollars = (amount: number | null) => (amount === null ? '–' : `$${amount.toFixed(2)}`);
const perMonth = (requests: number) => Math.round(requests).toLocaleString('en-US');
const rate = (perSecond: number | null) => (perSecond === null ? '–' : `${perSecond.toPrecision(3)}/s`);

function describeRoute(route: RouteProgressView): string {
  return route.state === 'canary' ? `canary ${route.canaryPercent}%` : `${route.state}${route.overridden ? ' (override)' : ''}`;
}

function summarizeProgress(progress: ProgressView): string {
  const rows = progress.capabilities.map((c) => [c.capability, c.state === 'canary' ? `canary ${c.canaryPercent}%` : c.state, c.routes, c.routesOnLambda, shares(c.lambdaShare), c.lastRollback?.at ?? null, retire(c.retire)]);
  const table = formatTable(['capability', 'state', 'routes', 'on lambda', 'lambda share 1h / 1d / 7d', 'last rollback', 'retire'], rows);
  const { totals, retirePolicy } = progress;
  return [
    table,
    '',
    `${totals.routesOnLambda} of ${totals.routes} routes served by Lambda; ${totals.capabilitiesOnLambda} of ${totals.capabilities} capabilities entirely`,
    `Lambda share of all traffic: ${shares(totals.lambdaShare)} (last hour / day / week)`,
    `${totals.routesReadyToRetire} routes ready to retire from the monolith (${retirePolicy.onLambdaForDays} days and ${retirePolicy.minRequests} requests on lambda, parity ≥ ${percent(retirePolicy.parityThreshold)}); see \`strangler routes\``,
  ].join('\n');
}

function describeRoutes(routes: readonly RouteProgressView[]): string {
  const rows = routes.map((r) => [
    r.route,
    describeRoute(r),
    percent(r.lambdaShare.lastDay),
    percent(r.traffic.legacy.errorRate),
    percent(r.traffic.lambda.errorRate),
    millis(r.traffic.legacy.p99Ms),
    millis(r.traffic.lambda.p99Ms),
    r.parity.sample > 0 ? `${percent(r.parity.rate)} of ${r.parity.sample}` : '–',
    retire(r.retire),
  ]);
  const table = formatTable(['route', 'state', 'lambda 1d', 'legacy err', 'lambda err', 'legacy p99', 'lambda p99', 'parity', 'retire'], rows);
  const reasons = routes.filter((r) => !r.retire.ready).map((r) => `  ${r.route}: ${r.retire.reasons.join('; ')}`);
  return reasons.length === 0 ? table : `${table}\n\nWhy not yet:\n${reasons.join('\n')}`;
}

function describeCost(cost: CostView): string {
  const rows = cost.routes.map((r) => [r.route, r.functionName ? `${r.functionName} ${r.memoryMb} MB` : null, perMonth(r.requestsPerMonth), dollars(r.lambdaCost), dollars(r.apiGatewayCost), dollars(r.serverlessCost), dollars(r.monolithShareCost), rate(r.breakEvenRequestsPerSecond)]);
  const table = formatTable(['route', 'function', 'requests/month', 'lambda', 'api gateway', 'serverless', 'monolith share', 'break-even'], rows);
  const { totals, assumptions: a } = cost;
  return [
    table,
    '',
    `Per month: serverless ${dollars(totals.serverlessCost)} (Lambda ${dollars(totals.lambdaCost)} + HTTP API ${dollars(totals.apiGatewayCost)}) against the monolith's ${dollars(totals.monolithCost)} (${a.monolithInstanceCount} × $${a.monolithInstanceHourly}/h × ${a.hoursPerMonth} h)`,
    `Projected from ${cost.observedHours.toFixed(1)} hours of traffic since ${cost.observedSince}; break-even: the request rate at which a route's serverless cost equals its monolith share`,
    `Prices: ${a.region}, ${a.architecture}, taken ${a.priceDate} (${a.priceSources.join(', ')})`,
    ...a.notes.map((note) => `  - ${note}`),
  ].join('\n');
}

/** status, routes, cost: where the migration stands, what may leave the monolith, and what it costs. */
export function registerProgressCommands(program: Command, { client, print }: CommandContext): void {
  program
    .command('status')
    .description('where the migration stands: each capability, the Lambda share of traffic, what is ready to retire')
    .action(async () => {
      const { api, json } = client();
      const progress = await api.get<ProgressView>('/progress');
      print(json, progress, () => summarizeProgress(progress));
    });

  program
    .command('routes')
    .description('every route: state, Lambda share, error rates, p99, parity, and whether the monolith\u2019s copy can go (and why not)')
    .argument('[capability]', 'only the routes of this capability')
    .action(async (capability: string | undefined) => {
      const { api, json } = client();
      const progress = await api.get<ProgressView>('/progress');
      const known = progress.capabilities.map((c) => c.capability);
      if (capability !== undefined && !known.includes(capability)) throw new CliError(`Unknown capability '${capability}': expected one of ${known.join(', ')}`);
      const routes = capability === undefined ? progress.routes : progress.routes.filter((route) => route.capability === capability);
      print(json, { routes }, () => describeRoutes(routes));
    });

  program
    .command('cost')
    .description('monthly cost per route on Lambda + API Gateway against its share of the monolith\u2019s servers, and the break-even rate')
    .action(async () => {
      const { api, json } = client();
      const cost = await api.get<CostView>('/cost');
      print(json, cost, () => describeCost(cost));
    });
}
