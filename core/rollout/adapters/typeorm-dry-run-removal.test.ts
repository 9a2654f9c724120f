import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { UserEntity } from '../../auth/adapters/user.entity';
import { inDryRun } from '../../database/dry-run';
import type { RepositorySource } from '../../database/repository-source';
import { SubscriptionEntity } from '../../notifications/adapters/subscription.entity';
import { insertSubscription, insertUser } from '../../notifications/notifications-test-kit';
import { removeDryRunResource } from './typeorm-dry-run-removal';

describe.each(engines)('removeDryRunResource on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  /** How many users and subscriptions of `ownerId` there are, as seen through `source`. */
  const countsOf = async (source: RepositorySource, ownerId: string) => ({
    users: await source.getRepository(UserEntity).countBy({ id: ownerId }),
    subscriptions: await source.getRepository(SubscriptionEntity).countBy({ ownerId }),
  });

  it('removes a user and, by cascade, what it owns, inside the dry run only', async () => {
    const ownerId = await insertUser(dataSource);
    await insertSubscription(dataSource, { ownerId, target: 'https://example.com/hook' });

    const inside = await inDryRun(dataSource, async (manager) => {
      await removeDryRunResource(manager, { resource: 'user', id: ownerId.toUpperCase() });
      return countsOf(manager, ownerId);
    });

    expect(inside).toEqual({ users: 0, subscriptions: 0 });
    expect(await countsOf(dataSource, ownerId)).toEqual({ users: 1, subscriptions: 1 });
  });

  it('removes a subscription by its id and nothing else', async () => {
    const ownerId = await insertUser(dataSource);
    const removed = await insertSubscription(dataSource, { ownerId, target: 'https://example.com/a' });
    await insertSubscription(dataSource, { ownerId, target: 'https://example.com/b' });

    const inside = await inDryRun(dataSource, async (manager) => {
      await removeDryRunResource(manager, { resource: 'subscription', id: removed.id });
      return countsOf(manager, ownerId);
    });

    expect(inside).toEqual({ users: 1, subscriptions: 1 });
  });

  it('skips an id that is no UUID, leaving the transaction usable', async () => {
    const ownerId = await insertUser(dataSource);

    const inside = await inDryRun(dataSource, async (manager) => {
      await removeDryRunResource(manager, { resource: 'user', id: 'not-a-uuid' });
      await removeDryRunResource(manager, { resource: 'user', id: randomUUID() });
      return countsOf(manager, ownerId);
    });

    expect(inside).toEqual({ users: 1, subscriptions: 0 });
  });
});
