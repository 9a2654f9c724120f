import { afterEach, describe, expect, it } from 'vitest';
import { createDataSource } from '../../core/database/data-source';
import { migrations } from '../../migrations';
import { createTestDatabase, engines, type TestDatabase } from '../support/test-database';

const tables = ['users', 'route_flags', 'flag_changes', 'videos', 'renditions', 'transcode_jobs', 'video_metadata', 'subscriptions', 'deliveries'];

describe.each(engines)('migrations on %s', (engine) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.dispose();
  });

  it('run up to the full schema and down to nothing, twice', async () => {
    database = await createTestDatabase(engine);
    const dataSource = await createDataSource(database.config, { poolSize: 2 }).initialize();
    const inspector = dataSource.createQueryRunner();
    try {
      for (let round = 0; round < 2; round++) {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        expect(applied.map((migration) => migration.name)).toEqual(migrations.map((Migration) => new Migration().name));
        for (const table of tables) expect(await inspector.hasTable(table), `${table} after up`).toBe(true);
        for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
        for (const table of tables) expect(await inspector.hasTable(table), `${table} after down`).toBe(false);
      }
    } finally {
      await inspector.release();
      await dataSource.destroy();
    }
  });

  it('leave nothing to apply once up to date', async () => {
    database = await createTestDatabase(engine);
    const dataSource = await createDataSource(database.config, { poolSize: 1 }).initialize();
    try {
      await dataSource.runMigrations();
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });
});
