import type { DataSource } from 'typeorm';
import { hydrateMinute } from './hydrate-minute';
import { RouteStatsEntity } from './route-stats.entity';

/** How much of a long read of route_stats one SQLite query covers. */
const sqliteSpanMs = 3_600_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The first and last minute in route_stats within [since, until); null when there is none. */
async function minutesPresent(dataSource: DataSource, since: Date, until: Date | undefined): Promise<{ first: Date; last: Date } | null> {
  // One query each: SQLite answers a lone MIN or MAX from the index, both at once by a scan.
  const edge = async (aggregate: 'MIN' | 'MAX') => {
    const query = dataSource.getRepository(RouteStatsEntity).createQueryBuilder('stat').select(`${aggregate}(stat.minute)`, 'minute').where('stat.minute >= :since', { since });
    if (until) query.andWhere('stat.minute < :until', { until });
    return (await query.getRawOne<{ minute: unknown }>())?.minute;
  };
  const [first, last] = [await edge('MIN'), await edge('MAX')];
  if (first === null || first === undefined) return null;
  return { first: hydrateMinute(dataSource, first), last: hydrateMinute(dataSource, last) };
}

/**
 * Reads the route_stats minutes in [since, until) (all from since on without until) through
 * `read`, split so that a long period cannot hold the event loop. better-sqlite3 runs each query
 * on it: two weeks of every route's minutes read at once kept a proxy's customers waiting for
 * seconds while an engineer's progress page loaded. On SQLite `read` gets the minutes present an
 * hour at a time, in order, with a turn of the event loop between; PostgreSQL's driver waits off
 * the loop, so there `read` gets the whole period in one query.
 */
export async function readRouteStatsInSpans(dataSource: DataSource, since: Date, until: Date | undefined, read: (since: Date, until: Date | undefined) => Promise<void>): Promise<void> {
  if (dataSource.options.type !== 'better-sqlite3') return read(since, until);
  const present = await minutesPresent(dataSource, since, until);
  if (!present) return;
  for (let from = present.first.getTime(); from <= present.last.getTime(); from += sqliteSpanMs) {
    const to = from + sqliteSpanMs;
    await read(new Date(from), until && to >= until.getTime() ? until : new Date(to));
    await nextTurn();
  }
}
