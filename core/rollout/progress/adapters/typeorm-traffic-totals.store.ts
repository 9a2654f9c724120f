import type { DataSource, Repository } from 'typeorm';
import { RouteStatsEntity } from '../../stats/adapters/route-stats.entity';
import { isTrafficTarget } from '../../stats/traffic-observation';
import type { MinuteRequests, RouteTargetTotals, TrafficTotalsStore } from '../traffic-totals.store';

// PostgreSQL answers SUM over integer and bigint columns as numeric strings.
const toNumber = (value: unknown) => Number(value ?? 0);

/** Traffic totals summed by the relational database (SQLite or PostgreSQL) over route_stats. */
export class TypeormTrafficTotalsStore implements TrafficTotalsStore {
  private readonly stats: Repository<RouteStatsEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.stats = dataSource.getRepository(RouteStatsEntity);
  }

  async totalsByRoute(since: Date): Promise<RouteTargetTotals[]> {
    const rows = await this.stats
      .createQueryBuilder('stat')
      .select('stat.routeId', 'routeId')
      .addSelect('stat.target', 'target')
      .addSelect('SUM(stat.requests)', 'requests')
      .addSelect('SUM(stat.errors)', 'errors')
      .addSelect('SUM(stat.latencySumMs)', 'latencySumMs')
      .addSelect('SUM(stat.requestBytes)', 'requestBytes')
      .addSelect('SUM(stat.responseBytes)', 'responseBytes')
      .where('stat.minute >= :since', { since })
      .groupBy('stat.routeId')
      .addGroupBy('stat.target')
      .orderBy('stat.routeId')
      .addOrderBy('stat.target')
      .getRawMany<Record<string, unknown>>();
    return rows.flatMap((row) => {
      const target = String(row.target);
      // Rows of a target this version does not know are left out, not guessed at.
      if (!isTrafficTarget(target)) return [];
      return [
        {
          routeId: String(row.routeId),
          target,
          requests: toNumber(row.requests),
          errors: toNumber(row.errors),
          latencySumMs: toNumber(row.latencySumMs),
          requestBytes: toNumber(row.requestBytes),
          responseBytes: toNumber(row.responseBytes),
        },
      ];
    });
  }

  async requestsPerMinute(since: Date): Promise<MinuteRequests[]> {
    const rows = await this.stats
      .createQueryBuilder('stat')
      .select('stat.minute', 'minute')
      .addSelect('stat.target', 'target')
      .addSelect('SUM(stat.requests)', 'requests')
      .where('stat.minute >= :since', { since })
      .groupBy('stat.minute')
      .addGroupBy('stat.target')
      .orderBy('stat.minute')
      .addOrderBy('stat.target')
      .getRawMany<Record<string, unknown>>();
    return rows.flatMap((row) => {
      const target = String(row.target);
      return isTrafficTarget(target) ? [{ minute: this.toDate(row.minute), target, requests: toNumber(row.requests) }] : [];
    });
  }

  async firstMinute(since: Date): Promise<Date | null> {
    const row = await this.stats.createQueryBuilder('stat').select('MIN(stat.minute)', 'first').where('stat.minute >= :since', { since }).getRawOne<{ first: unknown }>();
    // MIN over no rows is NULL, which SQLite and PostgreSQL both answer as null.
    return row?.first === null || row?.first === undefined ? null : this.toDate(row.first);
  }

  /** A raw `minute` as the driver hydrates it: SQLite answers text, PostgreSQL a Date. */
  private toDate(raw: unknown): Date {
    const column = this.stats.metadata.findColumnWithPropertyName('minute')!;
    return this.dataSource.driver.prepareHydratedValue(raw, column) as Date;
  }
}
