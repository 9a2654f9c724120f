import type { MinuteRequests, RouteTargetTotals } from './traffic-totals.store';

/** Requests each target answered. */
export interface TargetCounts {
  legacy: number;
  lambda: number;
}

/** Requests per target of each route; routes without traffic are absent. */
export function countByRoute(totals: ReadonlyArray<Pick<RouteTargetTotals, 'routeId' | 'target' | 'requests'>>): Map<string, TargetCounts> {
  const counts = new Map<string, TargetCounts>();
  for (const { routeId, target, requests } of totals) {
    const route = counts.get(routeId) ?? { legacy: 0, lambda: 0 };
    route[target] += requests;
    counts.set(routeId, route);
  }
  return counts;
}

/** Adds up the counts of `routeIds`. */
export function sumCounts(counts: ReadonlyMap<string, TargetCounts>, routeIds: readonly string[]): TargetCounts {
  const total = { legacy: 0, lambda: 0 };
  for (const routeId of routeIds) {
    total.legacy += counts.get(routeId)?.legacy ?? 0;
    total.lambda += counts.get(routeId)?.lambda ?? 0;
  }
  return total;
}

/** The share of requests the Lambda answered; null without any request (no evidence either way). */
export function lambdaShare(counts: TargetCounts | undefined): number | null {
  const total = (counts?.legacy ?? 0) + (counts?.lambda ?? 0);
  return total > 0 ? counts!.lambda / total : null;
}

/** One hour's requests per target. */
export interface HourTraffic extends TargetCounts {
  /** Start of the hour (UTC). */
  readonly hour: Date;
}

const hourMs = 3_600_000;

/** Adds per-minute traffic up per hour, oldest first; hours without traffic are left out. */
export function trafficPerHour(minutes: readonly MinuteRequests[]): HourTraffic[] {
  const hours = new Map<number, HourTraffic>();
  for (const { minute, target, requests } of minutes) {
    const start = Math.floor(minute.getTime() / hourMs) * hourMs;
    const hour = hours.get(start) ?? { hour: new Date(start), legacy: 0, lambda: 0 };
    hour[target] += requests;
    hours.set(start, hour);
  }
  return [...hours.values()].filter((hour) => hour.legacy + hour.lambda > 0).sort((a, b) => a.hour.getTime() - b.hour.getTime());
}
