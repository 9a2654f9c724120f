import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { FlagScope } from '../../core/flags/flag';
import type { Target } from '../routing/route-target';

/** The route label of a request no route of the table matched: raw paths would make the label set unbounded. */
export const unmatchedRoute = 'unmatched';

/** Prefix of every metric this proxy exports, default process metrics included. */
export const metricsPrefix = 'edge_proxy_';

// Index 0 is a request that got no answer; 1-5 the status's hundreds.
const statusClasses = ['failed', '1xx', '2xx', '3xx', '4xx', '5xx'] as const;
const statusClassIndex = (status: number | 'failed') => (status === 'failed' ? 0 : Math.min(Math.max(Math.floor(status / 100), 1), 5));
const isErrorClass = (index: number) => index === 0 || index === 5;

// Seconds, as Prometheus wants: 1 ms (a warm legacy call) to the 30 s integration limit.
const durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The labelled children one route and target's requests go to, made once so a request builds no
 * label objects (prom-client still hashes and checks the labels on each `inc`/`observe`). A child
 * adds no series to the export until it is first counted.
 */
interface TrafficSeries {
  /** Indexed as `statusClasses`. */
  readonly requests: readonly Counter.Internal[];
  /** Indexed as `statusClasses`; only the error classes have one. */
  readonly errors: readonly (Counter.Internal | undefined)[];
  readonly duration: Histogram.Internal<'route' | 'target'>;
}

let processMetrics: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, event loop lag, GC), collected once per process however
 * many proxies it holds: prom-client's event loop and GC monitors cannot be stopped, so they live
 * as long as the process they describe, not one per proxy instance.
 */
function processMetricsRegistry(): Registry {
  if (processMetrics === undefined) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: metricsPrefix });
  }
  return processMetrics;
}

/**
 * This proxy instance's Prometheus metrics, on a registry of its own (never the global one:
 * several proxies may share a process). Labels are bounded: route ids of the route table (or
 * `unmatched`), targets, status classes, flag names.
 */
export class ProxyMetrics {
  /** What /metrics exports: this instance's metrics and its process's. */
  readonly registry: Registry;
  private readonly own = new Registry();
  private readonly traffic = new Map<string, Record<Target, TrafficSeries>>();
  private readonly requests: Counter<'route' | 'target' | 'status_class'>;
  private readonly errors: Counter<'route' | 'target' | 'status_class'>;
  private readonly duration: Histogram<'route' | 'target'>;
  private readonly fallbacks: Counter<'route'>;
  private readonly shadowSent: Counter<'route' | 'target'>;
  private readonly shadowDropped: Counter<'route'>;
  private readonly flagChanges: Counter<'scope' | 'name' | 'to_state'>;
  private readonly rollbacks: Counter<'scope' | 'name'>;
  private readonly rampSteps: Counter<'scope' | 'name'>;

  constructor() {
    const registers = [this.own];
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name: metricsPrefix + name, help, labelNames, registers });
    this.requests = counter('requests_total', 'Requests served, by route, target and status class (failed: no answer).', ['route', 'target', 'status_class']);
    this.errors = counter('request_errors_total', 'Requests answered 5xx or not at all, by route, target and status class.', ['route', 'target', 'status_class']);
    this.duration = new Histogram({
      name: `${metricsPrefix}request_duration_seconds`,
      help: 'Time from routing a request to the end of its response, by route and target.',
      labelNames: ['route', 'target'],
      buckets: durationBuckets,
      registers,
    });
    this.fallbacks = counter('lambda_fallbacks_total', 'Requests a failed Lambda left to the monolith, by route.', ['route']);
    this.shadowSent = counter('shadow_copies_sent_total', 'Mirrored copies sent to the side that did not answer, by route and that side.', ['route', 'target']);
    this.shadowDropped = counter('shadow_copies_dropped_total', 'Mirrored copies dropped because the shadow queue was full, by route.', ['route']);
    this.flagChanges = counter('flag_changes_applied_total', 'Flag changes this instance applied, by scope, flag name and new state (inherit: a route override removed).', ['scope', 'name', 'to_state']);
    this.rollbacks = counter('automatic_rollbacks_total', 'Flags the rollout controller of this instance rolled back to legacy.', ['scope', 'name']);
    this.rampSteps = counter('ramp_steps_total', 'Canary ramp steps the rollout controller of this instance took.', ['scope', 'name']);
    this.registry = Registry.merge([this.own, processMetricsRegistry()]);
  }

  /** One request served (or failed), timed from routing to the end of the response. */
  observeRequest(routeId: string, target: Target, status: number | 'failed', durationMs: number): void {
    const series = this.seriesOf(routeId)[target];
    const statusClass = statusClassIndex(status);
    series.requests[statusClass]!.inc();
    series.errors[statusClass]?.inc();
    series.duration.observe(durationMs / 1000);
  }

  countFallback(routeId: string): void {
    this.fallbacks.inc({ route: routeId });
  }

  countShadowSent(routeId: string, target: Target): void {
    this.shadowSent.inc({ route: routeId, target });
  }

  countShadowDropped(routeId: string): void {
    this.shadowDropped.inc({ route: routeId });
  }

  countFlagChange(scope: FlagScope, name: string, toState: string): void {
    this.flagChanges.inc({ scope, name, to_state: toState });
  }

  /** An automatic move of the rollout controller. */
  countRolloutMove(kind: 'rollback' | 'ramp', scope: FlagScope, name: string): void {
    (kind === 'rollback' ? this.rollbacks : this.rampSteps).inc({ scope, name });
  }

  private seriesOf(routeId: string): Record<Target, TrafficSeries> {
    let byTarget = this.traffic.get(routeId);
    if (!byTarget) {
      byTarget = { legacy: this.newSeries(routeId, 'legacy'), lambda: this.newSeries(routeId, 'lambda') };
      this.traffic.set(routeId, byTarget);
    }
    return byTarget;
  }

  private newSeries(route: string, target: Target): TrafficSeries {
    return {
      requests: statusClasses.map((statusClass) => this.requests.labels({ route, target, status_class: statusClass })),
      errors: statusClasses.map((statusClass, index) => (isErrorClass(index) ? this.errors.labels({ route, target, status_class: statusClass }) : undefined)),
      duration: this.duration.labels({ route, target }),
    };
  }
}
