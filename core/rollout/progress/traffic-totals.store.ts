import type { TrafficTarget } from '../stats/traffic-observation';

/** A route's counts on one target over a period, every instance added up. */
export interface RouteTargetTotals {
  readonly routeId: string;
  readonly target: TrafficTarget;
  readonly requests: number;
  readonly errors: number;
  readonly latencySumMs: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
}

/** Requests per target in one minute, over every route and instance. */
export interface MinuteRequests {
  readonly minute: Date;
  readonly target: TrafficTarget;
  readonly requests: number;
}

/**
 * The progress answer's read side of route_stats: sums the database adds up itself, so weeks of
 * per-minute rows are never loaded (latency histograms are read from RouteStatsStore, for a day).
 */
export interface TrafficTotalsStore {
  /** Counts per route and target over the minutes from `since` on. */
  totalsByRoute(since: Date): Promise<RouteTargetTotals[]>;
  /** Requests per minute and target from `since` on, minutes in order. */
  requestsPerMinute(since: Date): Promise<MinuteRequests[]>;
  /** The first minute with traffic from `since` on; null when there was none. */
  firstMinute(since: Date): Promise<Date | null>;
}
