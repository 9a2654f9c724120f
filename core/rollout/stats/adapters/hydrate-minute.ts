import type { DataSource } from 'typeorm';
import { RouteStatsEntity } from './route-stats.entity';

/** A raw route_stats `minute` from a raw query, as the driver hydrates it: SQLite answers text, PostgreSQL a Date. */
export function hydrateMinute(dataSource: DataSource, raw: unknown): Date {
  const column = dataSource.getMetadata(RouteStatsEntity).findColumnWithPropertyName('minute')!;
  return dataSource.driver.prepareHydratedValue(raw, column) as Date;
}
