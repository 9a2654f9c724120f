import type { TrafficTarget } from './traffic-observation';
import type { TrafficSample } from './traffic-sample';

/** One proxy instance's running totals of a route and target for one minute. */
export interface RouteMinuteTotals {
  /** Start of the minute (UTC). */
  readonly minute: Date;
  readonly routeId: string;
  readonly target: TrafficTarget;
  readonly instanceId: string;
  readonly sample: TrafficSample;
  readonly latencySumMs: number;
}

export interface RouteTraffic {
  readonly routeId: string;
  readonly target: TrafficTarget;
  readonly sample: TrafficSample;
}

/** Per-minute traffic of every proxy instance, for dashboards and anything that looks back further than the live window. */
export interface RouteStatsStore {
  /** Writes each row over what its instance stored before for the same minute, route and target. */
  saveMinuteTotals(rows: readonly RouteMinuteTotals[]): Promise<void>;
  /** Traffic per route and target, all instances added up, over the minutes starting in [since, until). */
  trafficByRoute(since: Date, until?: Date): Promise<RouteTraffic[]>;
  /** Deletes every instance's minutes before `cutoff`; the number of rows deleted. */
  deleteMinutesBefore(cutoff: Date): Promise<number>;
}
