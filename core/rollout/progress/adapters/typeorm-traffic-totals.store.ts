import type { DataSource, Repository } from 'typeorm';
import { hydrateMinute } from '../../stats/adapters/hydrate-minute';
import { RouteStatsEntity } from '../../stats/adapters/route-stats.entity';
import { readRouteStatsInSpans } from '../../stats/adapters/route-stats-spans';
import { isTrafficTarget } from '../../stats/traffic-observation';
import type { MinuteRequests, RouteTargetTotals, TrafficTotalsStore } from '../traffic-totals.store';

// PostgreSQL answers SUM over integer and bigint columns as numeric strings.
const toNumber = (value: unknown) => Number(value ?? 0);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Traffic totals summed by the relational database (SQLite or PostgreSQL) over route_stats. */
export class TypeormTrafficTotalsStore implements TrafficTotalsStore {
  private readonly stats: Repository<RouteStatsEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.stats = dataSource.getRepository(RouteStatsEntity);
  }

  async totalsByRoute(since: Date): Promise<RouteTargetTotals[]> {
    const totals = new Map<string, Mutable<RouteTargetTotals>>();
    await readRouteStatsInSpans(this.dataSource, since, undefined, async (from, until) => {
      for (const row of await this.sumsByRouteAndTarget(from, until)) {
        const target = String(row.target);
        // Rows of a target this version does not know are left out, not guessed at.
        if (!isTrafficTarget(target)) continue;
        const routeId = String(row.routeId);
        const key = `${routeId}|${target}`;
        const total = totals.get(key) ?? { routeId, target, requests: 0, errors: 0, latencySumMs: 0, requestBytes: 0, responseBytes: 0 };
        total.requests += toNumber(row.requests);
        total.errors += toNumber(row.errors);
        total.latencySumMs += toNumber(row.latencySumMs);
        total.requestBytes += toNumber(row.requestBytes);
        total.responseBytes += toNumber(row.responseBytes);
        totals.set(key, total);
      }
    });
    return [...totals.values()].sort((a, b) => compareText(a.routeId, b.routeId) || compareText(a.target, b.target));
  }

  async requestsPerMinute(since: Date): Promise<MinuteRequests[]> {
    const minutes: MinuteRequests[] = [];
    await readRouteStatsInSpans(this.dataSource, since, undefined, async (from, until) => {
      const query = this.stats
        .createQueryBuilder('stat')
        .select('stat.minute', 'minute')
        .addSelect('stat.target', 'target')
        .addSelect('SUM(stat.requests)', 'requests')
        .where('stat.minute >= :from', { from });
      if (until) query.andWhere('stat.minute < :until', { until });
      const rows = await query.groupBy('stat.minute').addGroupBy('stat.target').orderBy('stat.minute').addOrderBy('stat.target').getRawMany<Record<string, unknown>>();
      for (const row of rows) {
        const target = String(row.target);
        if (isTrafficTarget(target)) minutes.push({ minute: hydrateMinute(this.dataSource, row.minute), target, requests: toNumber(row.requests) });
      }
    });
    return minutes;
  }

  async firstMinute(since: Date): Promise<Date | null> {
    const row = await this.stats.createQueryBuilder('stat').select('MIN(stat.minute)', 'first').where('stat.minute >= :since', { since }).getRawOne<{ first: unknown }>();
    // MIN over no rows is NULL, which SQLite and PostgreSQL both answer as null.
    return row?.first === null || row?.first === undefined ? null : hydrateMinute(this.dataSource, row.first);
  }

  private sumsByRouteAndTarget(from: Date, until: Date | undefined): Promise<Record<string, unknown>[]> {
    const query = this.stats
      .createQueryBuilder('stat')
      .select('stat.routeId', 'routeId')
      .addSelect('stat.target', 'target')
      .addSelect('SUM(stat.requests)', 'requests')
      .addSelect('SUM(stat.errors)', 'errors')
      .addSelect('SUM(stat.latencySumMs)', 'latencySumMs')
      .addSelect('SUM(stat.requestBytes)', 'requestBytes')
      .addSelect('SUM(stat.responseBytes)', 'responseBytes')
      .where('stat.minute >= :from', { from });
    if (until) query.andWhere('stat.minute < :until', { until });
    return query.groupBy('stat.routeId').addGroupBy('stat.target').getRawMany<Record<string, unknown>>();
  }
}
