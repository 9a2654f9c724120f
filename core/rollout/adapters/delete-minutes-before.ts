import { LessThan, type FindOptionsOrder, type FindOptionsSelect, type FindOptionsWhere, type Repository } from 'typeorm';

// Minutes deleted a statement: an hour of every route, target and instance keeps each write short.
const deletedPerStatementMs = 3_600_000;

/**
 * Deletes the rows of a per-minute table (route_stats, parity_stats) older than `cutoff`; the
 * number deleted. Other processes write to the same database: a long backlog goes an hour at a
 * time, oldest first, so no statement holds the write lock for long.
 */
export async function deleteMinutesBefore<Row extends { minute: Date }>(rows: Repository<Row>, cutoff: Date): Promise<number> {
  // The casts only tell TypeORM's mapped types that `minute` is a column of every such Row.
  const before = (date: Date) => ({ minute: LessThan(date) }) as FindOptionsWhere<Row>;
  const select = { minute: true } as FindOptionsSelect<Row>;
  const order = { minute: 'ASC' } as FindOptionsOrder<Row>;
  let deleted = 0;
  for (;;) {
    const oldest = await rows.findOne({ select, where: before(cutoff), order });
    if (!oldest) return deleted;
    const until = new Date(Math.min(oldest.minute.getTime() + deletedPerStatementMs, cutoff.getTime()));
    deleted += (await rows.delete(before(until))).affected ?? 0;
  }
}
