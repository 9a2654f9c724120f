import type { DataSource, EntityManager } from 'typeorm';
import { takeSqliteTurn } from './sqlite-turns';

/**
 * Runs `work` in a transaction. On SQLite one connection serves the whole process and cannot
 * open a second transaction while one is open ("cannot start a transaction within a
 * transaction"), so transactions of one data source take turns; PostgreSQL pools connections.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'postgres') return dataSource.transaction(work);
  return takeSqliteTurn(dataSource, () => dataSource.transaction(work));
}
