import type { DataSource, EntityManager } from 'typeorm';
import { takeSqliteTurn } from './sqlite-turns';

async function inRolledBackTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    return await work(runner.manager);
  } finally {
    try {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  }
}

/**
 * Runs `work` on one connection in a transaction that is always rolled back, and answers what it
 * answered (or throws what it threw): a dry run writes, reads its writes, and leaves nothing.
 * `manager.transaction` inside nests as a savepoint. On SQLite the process's one connection is
 * the dry run's until it ends: it takes its turn with `inTransaction`, and a statement sent
 * meanwhile outside any transaction would run inside the dry run, and be rolled back with it.
 */
export function inDryRun<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'postgres') return inRolledBackTransaction(dataSource, work);
  return takeSqliteTurn(dataSource, () => inRolledBackTransaction(dataSource, work));
}
