import { randomUUID } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { inTransaction } from '../../../database/transaction';
import { isUuid } from '../../../validation/uuid';
import { deleteMinutesBefore } from '../../adapters/delete-minutes-before';
import type { ParityCounts, ParityMismatch, ParityStore, ParityTotals } from '../parity.store';
import { ParityMismatchEntity } from './parity-mismatch.entity';
import { ParityStatEntity } from './parity-stat.entity';

export interface TypeormParityStoreOptions {
  /** Mismatches kept per route; enough to see a pattern, few enough to stay cheap. */
  readonly mismatchesPerRoute: number;
}

// Rows per INSERT statement: well under SQLite's limit on bound parameters.
const rowsPerStatement = 100;

// Two entries for the same row would make PostgreSQL refuse the upsert ("cannot affect row a second time").
function mergeSameRows(counts: readonly ParityCounts[]): ParityCounts[] {
  const merged = new Map<string, ParityCounts>();
  for (const entry of counts) {
    const key = JSON.stringify([entry.minute.getTime(), entry.routeId, entry.instanceId]);
    const previous = merged.get(key);
    merged.set(key, previous ? { ...entry, compared: previous.compared + entry.compared, matched: previous.matched + entry.matched, dropped: previous.dropped + entry.dropped } : entry);
  }
  return [...merged.values()];
}

// An upsert that adds, written once for both engines (SQLite has had ON CONFLICT DO UPDATE since 3.24).
function addCountsStatement(rows: readonly ParityCounts[]): { sql: string; parameters: Record<string, unknown> } {
  const parameters: Record<string, unknown> = {};
  const values = rows.map((row, index) => {
    Object.assign(parameters, {
      [`minute${index}`]: row.minute,
      [`route${index}`]: row.routeId,
      [`instance${index}`]: row.instanceId,
      [`compared${index}`]: row.compared,
      [`matched${index}`]: row.matched,
      [`dropped${index}`]: row.dropped,
    });
    return `(:minute${index}, :route${index}, :instance${index}, :compared${index}, :matched${index}, :dropped${index})`;
  });
  const sql = `INSERT INTO parity_stats (minute, route_id, instance_id, compared, matched, dropped) VALUES ${values.join(', ')}
    ON CONFLICT (minute, route_id, instance_id) DO UPDATE SET
      compared = parity_stats.compared + excluded.compared,
      matched = parity_stats.matched + excluded.matched,
      dropped = parity_stats.dropped + excluded.dropped`;
  return { sql, parameters };
}

const toMismatch = (row: ParityMismatchEntity): ParityMismatch => ({
  id: row.id,
  routeId: row.routeId,
  observedAt: row.observedAt,
  requestId: row.requestId,
  method: row.method,
  path: row.path,
  differences: JSON.parse(row.differences),
  primary: JSON.parse(row.primaryResponse),
  shadow: JSON.parse(row.shadowResponse),
});

/** Shadow parity in the relational database, written by every proxy instance and read by the admin API. */
export class TypeormParityStore implements ParityStore {
  private readonly stats: Repository<ParityStatEntity>;
  private readonly mismatches: Repository<ParityMismatchEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: TypeormParityStoreOptions = { mismatchesPerRoute: 200 },
  ) {
    this.stats = dataSource.getRepository(ParityStatEntity);
    this.mismatches = dataSource.getRepository(ParityMismatchEntity);
  }

  async addCounts(counts: readonly ParityCounts[]): Promise<void> {
    const rows = mergeSameRows(counts);
    if (rows.length === 0) return;
    await inTransaction(this.dataSource, async (manager) => {
      for (let start = 0; start < rows.length; start += rowsPerStatement) {
        const { sql, parameters } = addCountsStatement(rows.slice(start, start + rowsPerStatement));
        // The driver turns named parameters into its own placeholders, and dates into what SQLite stores.
        await manager.query(...this.dataSource.driver.escapeQueryWithParameters(sql, parameters));
      }
    });
  }

  async parityByRoute(since: Date): Promise<Map<string, ParityTotals>> {
    const rows = await this.stats
      .createQueryBuilder('stat')
      .select('stat.routeId', 'routeId')
      .addSelect('SUM(stat.compared)', 'compared')
      .addSelect('SUM(stat.matched)', 'matched')
      .addSelect('SUM(stat.dropped)', 'dropped')
      .where('stat.minute >= :since', { since })
      .groupBy('stat.routeId')
      .getRawMany<{ routeId: string; compared: string | number; matched: string | number; dropped: string | number }>();
    // PostgreSQL sums integers as bigint, which arrives as a string.
    return new Map(rows.map((row) => [row.routeId, { compared: Number(row.compared), matched: Number(row.matched), dropped: Number(row.dropped) }]));
  }

  deleteMinutesBefore(cutoff: Date): Promise<number> {
    return deleteMinutesBefore(this.stats, cutoff);
  }

  async recordMismatch(mismatch: Omit<ParityMismatch, 'id'>): Promise<ParityMismatch> {
    const row: ParityMismatchEntity = {
      id: randomUUID(),
      routeId: mismatch.routeId,
      observedAt: mismatch.observedAt,
      requestId: mismatch.requestId.slice(0, 100),
      method: mismatch.method.slice(0, 8),
      path: mismatch.path.slice(0, 2000),
      differences: JSON.stringify(mismatch.differences),
      primaryResponse: JSON.stringify(mismatch.primary),
      shadowResponse: JSON.stringify(mismatch.shadow),
    };
    await this.mismatches.insert(row);
    await this.pruneMismatches(mismatch.routeId);
    return toMismatch(row);
  }

  async listMismatches(routeId: string | undefined, limit: number): Promise<ParityMismatch[]> {
    const rows = await this.mismatches.find({ where: routeId === undefined ? {} : { routeId }, order: { observedAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.map(toMismatch);
  }

  async getMismatch(id: string): Promise<ParityMismatch | undefined> {
    // Ids are uuid columns on PostgreSQL: anything else cannot name a mismatch.
    const row = isUuid(id) ? await this.mismatches.findOneBy({ id }) : null;
    return row ? toMismatch(row) : undefined;
  }

  // One indexed statement per insert keeps each route's rows bounded without a sweeper.
  private async pruneMismatches(routeId: string): Promise<void> {
    const kept = this.mismatches
      .createQueryBuilder('kept')
      .select('kept.id')
      .where('kept.routeId = :routeId')
      .orderBy('kept.observedAt', 'DESC')
      .addOrderBy('kept.id', 'DESC')
      .limit(this.options.mismatchesPerRoute);
    await this.mismatches
      .createQueryBuilder()
      .delete()
      .where('route_id = :routeId', { routeId })
      .andWhere(`id NOT IN (${kept.getQuery()})`)
      .execute();
  }
}
