import type { Clock } from '../../core/clock/clock';
import { defaultFlag, type Flag, type FlagChange } from '../../core/flags/flag';
import { resolveFlag, toFlagSnapshot } from '../../core/flags/flag-snapshot';
import type { FlagService } from '../../core/flags/flag.service';
import type { MonolithServers } from '../../core/rollout/cost/cost-model';
import type { ParityStore, ParityTotals } from '../../core/rollout/parity/parity.store';
import { countByRoute, sumCounts, trafficPerHour, type TargetCounts } from '../../core/rollout/progress/lambda-share';
import { judgeCapabilityRetirement, judgeRetireReadiness, type RetirePolicy } from '../../core/rollout/progress/retire-readiness';
import { readCapabilityFlagHistory, readRouteFlagHistory } from '../../core/rollout/progress/route-flag-history';
import { summarizeTarget } from '../../core/rollout/progress/target-traffic';
import type { TrafficTotalsStore } from '../../core/rollout/progress/traffic-totals.store';
import { vouchingParity } from '../../core/rollout/progress/vouching-parity';
import type { RouteStatsStore, RouteTraffic } from '../../core/rollout/stats/route-stats.store';
import type { FunctionDefinition } from '../../extracted-functions/registry';
import type { CapabilityProgressView, CostView, ProgressView, RouteProgressView } from '../cli/admin-api.types';
import type { MigratabilityReport } from '../preflight/migratability-report';
import type { RouteDefinition } from '../routing/route-table';
import { estimateCosts } from './estimate-costs';
import { toLambdaShareView, toLastChangeView, type CountsOverPeriods } from './progress-views';

export interface MigrationProgressDeps {
  routeTable: readonly RouteDefinition[];
  functions: readonly FunctionDefinition[];
  flags: Pick<FlagService, 'listCapabilityFlags' | 'listRouteFlags' | 'history'>;
  /** Sums over route_stats, for every period. */
  totals: TrafficTotalsStore;
  /** Latency histograms, read for the last day only. */
  stats: Pick<RouteStatsStore, 'trafficByRoute'>;
  parity: Pick<ParityStore, 'parityByRoute'>;
  /** The pre-flight check of a capability (checkMigratability). */
  preflight: (capability: string) => MigratabilityReport;
  retirePolicy: RetirePolicy;
  servers: MonolithServers;
  clock: Clock;
}

const hourMs = 3_600_000;
const noHistory = { onLambdaSince: null, lastFlip: null, lastRollback: null };
const dayMs = 24 * hourMs;
// The replay of a route's flags needs every change of it; a migration's audit trail stays far below this.
const wholeAuditTrail = 1_000_000;

/** A route as the progress answer judges it: the flag that decides it, read from the database. */
interface RouteState {
  readonly route: RouteDefinition;
  readonly flag: Flag;
  readonly overridden: boolean;
  /** `legacy` for a route that has no capability or no Lambda, whatever its capability's flag says. */
  readonly state: Flag['state'];
}

/** Where the migration stands (per capability and route, with retire-readiness verdicts) and what it costs. */
export class MigrationProgress {
  constructor(private readonly deps: MigrationProgressDeps) {}

  async report(): Promise<ProgressView> {
    const { routeTable, totals, stats, parity, retirePolicy, clock } = this.deps;
    const now = clock.now();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const [{ states, capabilityFlags }, changes, lastHour, lastDay, lastWeek, retirePeriod, dayHistograms, parityTotals, minutes] = await Promise.all([
      this.routeStates(),
      this.deps.flags.history(wholeAuditTrail),
      totals.totalsByRoute(ago(hourMs)),
      totals.totalsByRoute(ago(dayMs)),
      totals.totalsByRoute(ago(7 * dayMs)),
      totals.totalsByRoute(ago(retirePolicy.onLambdaForDays * dayMs)),
      stats.trafficByRoute(ago(dayMs)),
      parity.parityByRoute(ago(retirePolicy.parityLookbackDays * dayMs)),
      totals.requestsPerMinute(ago(7 * dayMs)),
    ]);
    const periods = { lastHour: countByRoute(lastHour), lastDay: countByRoute(lastDay), lastWeek: countByRoute(lastWeek) };
    const countsOf = (routeIds: readonly string[]): CountsOverPeriods => ({
      lastHour: sumCounts(periods.lastHour, routeIds),
      lastDay: sumCounts(periods.lastDay, routeIds),
      lastWeek: sumCounts(periods.lastWeek, routeIds),
    });
    const retireCounts = countByRoute(retirePeriod);
    const preflight = this.preflightFindings();
    const histories = new Map(states.map(({ route }) => [route.id, route.capability ? readRouteFlagHistory(changes, { id: route.id, capability: route.capability }) : noHistory]));
    const retireParity = await this.parityBeforeLambda([...histories.values()], parityTotals, now);

    const routes = states.map(({ route, flag, overridden, state }): RouteProgressView => {
      const history = histories.get(route.id)!;
      const parityFrom = route.shadow.mode === 'read-back' ? route.shadow.readBack : [route.id];
      const routeParity = vouchingParity(parityTotals, parityFrom);
      const canaryPercent = state === 'canary' ? flag.canaryPercent : 0;
      const requests: TargetCounts = retireCounts.get(route.id) ?? { legacy: 0, lambda: 0 };
      return {
        route: route.id,
        method: route.method,
        path: route.path,
        capability: route.capability,
        functionName: route.functionName,
        state,
        canaryPercent,
        overridden,
        lambdaShare: toLambdaShareView(countsOf([route.id])),
        traffic: { legacy: summarizeTarget(sampleOf(dayHistograms, route.id, 'legacy')), lambda: summarizeTarget(sampleOf(dayHistograms, route.id, 'lambda')) },
        parity: routeParity,
        parityFrom: [...parityFrom],
        lastFlip: toLastChangeView(history.lastFlip),
        lastRollback: toLastChangeView(history.lastRollback),
        onLambdaSince: history.onLambdaSince?.toISOString() ?? null,
        preflight: preflight.get(route.id) ?? [],
        retire: judgeRetireReadiness(
          { capability: route.capability, functionName: route.functionName, state, canaryPercent, onLambdaSince: history.onLambdaSince, lastRollbackAt: history.lastRollback?.changedAt ?? null, requests, parity: vouchingParity(retireParity, parityFrom) },
          retirePolicy,
          now,
        ),
      };
    });

    const capabilities = this.capabilityProgress(capabilityFlags, routes, changes, countsOf);
    const allRouteIds = routeTable.map((route) => route.id);
    return {
      generatedAt: now.toISOString(),
      retirePolicy,
      totals: {
        routes: routes.length,
        routesOnLambda: routes.filter((route) => route.state === 'lambda').length,
        routesReadyToRetire: routes.filter((route) => route.retire.ready).length,
        capabilities: capabilities.length,
        capabilitiesOnLambda: capabilities.filter((capability) => capability.routes > 0 && capability.routesOnLambda === capability.routes).length,
        lambdaShare: toLambdaShareView(countsOf(allRouteIds)),
      },
      shareOverTime: trafficPerHour(minutes).map(({ hour, legacy, lambda }) => ({ hour: hour.toISOString(), legacy, lambda })),
      capabilities,
      routes,
    };
  }

  async cost(): Promise<CostView> {
    const { totals, clock } = this.deps;
    const now = clock.now();
    const weekAgo = new Date(now.getTime() - 7 * dayMs);
    const [{ states }, weekTotals, firstMinute] = await Promise.all([this.routeStates(), totals.totalsByRoute(weekAgo), totals.firstMinute(weekAgo)]);
    return estimateCosts({ states, totals: weekTotals, firstMinute, now, functions: this.deps.functions, servers: this.deps.servers });
  }

  /**
   * Parity for the retire verdicts: a route's shadow comparisons end when it comes onto lambda, so
   * the look-back reaches back from the earliest such move rather than from now (one read for all).
   */
  private async parityBeforeLambda(histories: ReadonlyArray<{ onLambdaSince: Date | null }>, recent: Map<string, ParityTotals>, now: Date): Promise<Map<string, ParityTotals>> {
    const lookbackMs = this.deps.retirePolicy.parityLookbackDays * dayMs;
    const moves = histories.flatMap((history) => (history.onLambdaSince ? [history.onLambdaSince.getTime()] : []));
    const since = Math.min(now.getTime(), ...moves) - lookbackMs;
    return since < now.getTime() - lookbackMs ? this.deps.parity.parityByRoute(new Date(since)) : recent;
  }

  /** Every capability's flag, and the flag that decides each route, read from the database. */
  private async routeStates(): Promise<{ states: RouteState[]; capabilityFlags: Flag[] }> {
    const [capabilityFlags, routeFlags] = await Promise.all([this.deps.flags.listCapabilityFlags(), this.deps.flags.listRouteFlags()]);
    const snapshot = toFlagSnapshot([...capabilityFlags, ...routeFlags]);
    const states = this.deps.routeTable.map((route) => {
      const flag = (route.capability && resolveFlag(snapshot, { id: route.id, capability: route.capability })) || defaultFlag('capability', route.capability ?? 'platform');
      const migratable = route.capability !== null && route.functionName !== null;
      return { route, flag, overridden: snapshot.routes.has(route.id), state: migratable ? flag.state : 'legacy' };
    });
    return { states, capabilityFlags };
  }

  /** The pre-flight findings of every route, by route id. */
  private preflightFindings(): Map<string, RouteProgressView['preflight']> {
    const capabilityNames = [...new Set(this.deps.routeTable.flatMap((route) => (route.capability ? [route.capability] : [])))];
    const findings = new Map<string, RouteProgressView['preflight']>();
    for (const report of capabilityNames.map(this.deps.preflight)) {
      for (const route of report.routes) findings.set(route.routeId, route.findings.map(({ rule, severity, problem, handling }) => ({ rule, severity, problem, handling })));
    }
    return findings;
  }

  private capabilityProgress(flags: readonly Flag[], routes: readonly RouteProgressView[], changes: readonly FlagChange[], countsOf: (routeIds: readonly string[]) => CountsOverPeriods): CapabilityProgressView[] {
    return flags.map((flag) => {
      const own = routes.filter((route) => route.capability === flag.name);
      const history = readCapabilityFlagHistory(changes, flag.name);
      return {
        capability: flag.name,
        state: flag.state,
        canaryPercent: flag.canaryPercent,
        routes: own.length,
        routesOnLambda: own.filter((route) => route.state === 'lambda').length,
        lambdaShare: toLambdaShareView(countsOf(own.map((route) => route.route))),
        lastFlip: toLastChangeView(history.lastFlip),
        lastRollback: toLastChangeView(history.lastRollback),
        retire: judgeCapabilityRetirement(own.map((route) => ({ routeId: route.route, verdict: route.retire }))),
      };
    });
  }
}

function sampleOf(traffic: readonly RouteTraffic[], routeId: string, target: RouteTraffic['target']) {
  return traffic.find((row) => row.routeId === routeId && row.target === target)?.sample;
}
