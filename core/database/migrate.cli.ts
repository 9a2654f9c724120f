import { createLogger } from '../logging/create-logger';
import { runMain } from '../process/run-main';
import { createDataSource } from './data-source';
import { readDatabaseConfig } from './database.config';

/** `npm run migrate` applies pending migrations; `npm run migrate -- --revert` undoes the last one. */
async function main(): Promise<void> {
  const logger = createLogger('migrate');
  const revert = process.argv.includes('--revert');
  const dataSource = await createDataSource(readDatabaseConfig()).initialize();
  try {
    if (revert) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      logger.info('reverted the last migration');
    } else {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      logger.info({ applied: applied.map((migration) => migration.name) }, applied.length ? 'migrations applied' : 'schema up to date');
    }
  } finally {
    await dataSource.destroy();
  }
}

runMain(main);
