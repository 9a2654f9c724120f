import type { DataSource } from 'typeorm';

const turns = new WeakMap<DataSource, Promise<unknown>>();
const ignore = () => undefined;

/**
 * Runs `task` once every task queued before it on the same data source has settled. On SQLite
 * TypeORM shares one connection (one query runner) per data source: a transaction opened while
 * another is open would nest inside it as a savepoint and share its fate, so they take turns.
 */
export function takeSqliteTurn<T>(dataSource: DataSource, task: () => Promise<T>): Promise<T> {
  const turn = (turns.get(dataSource) ?? Promise.resolve()).then(task);
  turns.set(dataSource, turn.then(ignore, ignore));
  return turn;
}
