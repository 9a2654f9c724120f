import { And, LessThan, MoreThanOrEqual, type DataSource, type FindOperator, type Repository } from 'typeorm';
import { deleteMinutesBefore } from '../../adapters/delete-minutes-before';
import { LatencyHistogram, LatencyHistogramFormatError } from '../latency-histogram';
import type { RouteMinuteTotals, RouteStatsStore, RouteTraffic } from '../route-stats.store';
import { isTrafficTarget } from '../traffic-observation';
import { emptyTrafficSample, mergeSample, type TrafficSample } from '../traffic-sample';
import { readRouteStatsInSpans } from './route-stats-spans';
import { RouteStatsEntity } from './route-stats.entity';

// 10 parameters a row: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters a statement.
const rowsPerStatement = 500;

const toEntity = (row: RouteMinuteTotals): RouteStatsEntity => ({
  minute: row.minute,
  routeId: row.routeId,
  target: row.target,
  instanceId: row.instanceId,
  requests: row.sample.requests,
  errors: row.sample.errors,
  latencySumMs: row.latencySumMs,
  latencyBuckets: JSON.stringify(row.sample.latency),
  requestBytes: row.sample.requestBytes,
  responseBytes: row.sample.responseBytes,
});

/**
 * A row written with another bucket layout (by an instance of another version, mid-deploy) still
 * counts its requests and errors; only its latencies are left out, rather than failing the read.
 */
function readLatency(stored: string): LatencyHistogram {
  try {
    return LatencyHistogram.fromJSON(JSON.parse(stored));
  } catch (error) {
    if (error instanceof LatencyHistogramFormatError || error instanceof SyntaxError) return LatencyHistogram.empty();
    throw error;
  }
}

const toSample = (entity: RouteStatsEntity): TrafficSample => ({
  requests: entity.requests,
  errors: entity.errors,
  latency: readLatency(entity.latencyBuckets),
  requestBytes: entity.requestBytes,
  responseBytes: entity.responseBytes,
});

function minutesBetween(since: Date, until: Date | undefined): FindOperator<Date> {
  return until ? And(MoreThanOrEqual(since), LessThan(until)) : MoreThanOrEqual(since);
}

/** Route statistics in the relational database (SQLite or PostgreSQL). */
export class TypeormRouteStatsStore implements RouteStatsStore {
  private readonly stats: Repository<RouteStatsEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.stats = dataSource.getRepository(RouteStatsEntity);
  }

  async saveMinuteTotals(rows: readonly RouteMinuteTotals[]): Promise<void> {
    for (let start = 0; start < rows.length; start += rowsPerStatement) {
      const chunk = rows.slice(start, start + rowsPerStatement).map(toEntity);
      await this.stats.upsert(chunk, ['minute', 'routeId', 'target', 'instanceId']);
    }
  }

  async trafficByRoute(since: Date, until?: Date): Promise<RouteTraffic[]> {
    const totals = new Map<string, RouteTraffic>();
    await readRouteStatsInSpans(this.dataSource, since, until, async (from, to) => {
      for (const row of await this.stats.find({ where: { minute: minutesBetween(from, to) } })) {
        // Rows of a target this version does not know are left out, not guessed at.
        if (!isTrafficTarget(row.target)) continue;
        const key = `${row.routeId}|${row.target}`;
        let total = totals.get(key);
        if (!total) {
          total = { routeId: row.routeId, target: row.target, sample: emptyTrafficSample() };
          totals.set(key, total);
        }
        mergeSample(total.sample, toSample(row));
      }
    });
    return [...totals.values()].sort((a, b) => a.routeId.localeCompare(b.routeId) || a.target.localeCompare(b.target));
  }

  deleteMinutesBefore(cutoff: Date): Promise<number> {
    return deleteMinutesBefore(this.stats, cutoff);
  }
}
