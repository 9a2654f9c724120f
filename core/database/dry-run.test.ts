import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { UserEntity } from '../auth/adapters/user.entity';
import { inDryRun } from './dry-run';
import { inTransaction } from './transaction';

const aUser = (): UserEntity => {
  const id = randomUUID();
  return { id, email: `${id}@example.com`, name: 'Ada', role: 'user', passwordHash: 'scrypt$10$8$1$salt$hash', createdAt: new Date('2026-11-23T10:00:00.000Z') };
};

const insertUser = async (manager: EntityManager): Promise<string> => {
  const user = aUser();
  await manager.getRepository(UserEntity).insert(user);
  return user.id;
};

/** A promise and the function that settles it, to hold a dry run open while something else happens. */
function aGate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe.each(engines)('inDryRun on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const exists = async (id: string) => (await dataSource.getRepository(UserEntity).countBy({ id })) === 1;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('lets the work read its own writes, answers its result, and leaves nothing behind', async () => {
    const { id, seenInside } = await inDryRun(dataSource, async (manager) => {
      const written = await insertUser(manager);
      return { id: written, seenInside: (await manager.getRepository(UserEntity).countBy({ id: written })) === 1 };
    });

    expect(seenInside).toBe(true);
    expect(await exists(id)).toBe(false);
  });

  it('rolls back and rethrows the very error when the work fails', async () => {
    let id = '';
    const failure = new Error('the route failed');

    await expect(
      inDryRun(dataSource, async (manager) => {
        id = await insertUser(manager);
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(id).not.toBe('');
    expect(await exists(id)).toBe(false);
  });

  it('runs a nested transaction as a savepoint: its commit stays until the dry run ends, its rollback undoes only itself', async () => {
    const { committed, rolledBack, seen } = await inDryRun(dataSource, async (manager) => {
      const kept = await manager.transaction((nested) => insertUser(nested));
      let undone = '';
      await expect(
        manager.transaction(async (nested) => {
          undone = await insertUser(nested);
          throw new Error('nested failure');
        }),
      ).rejects.toThrow('nested failure');
      const users = manager.getRepository(UserEntity);
      return { committed: kept, rolledBack: undone, seen: { kept: await users.countBy({ id: kept }), undone: await users.countBy({ id: undone }) } };
    });

    expect(seen).toEqual({ kept: 1, undone: 0 });
    expect(await exists(committed)).toBe(false);
    expect(await exists(rolledBack)).toBe(false);
  });

  it('never rolls back a transaction of the same data source that runs meanwhile', async () => {
    const dryRunWrote = aGate();
    const release = aGate();
    const dryRun = inDryRun(dataSource, async (manager) => {
      const id = await insertUser(manager);
      dryRunWrote.open();
      await release.opened;
      return id;
    });
    await dryRunWrote.opened;

    const normal = inTransaction(dataSource, (manager) => insertUser(manager));
    release.open();
    const [dryRunId, normalId] = await Promise.all([dryRun, normal]);

    expect(await exists(normalId)).toBe(true);
    expect(await exists(dryRunId)).toBe(false);
  });

  it('gives its connection back: many more dry runs than the pool holds run one after another', async () => {
    const countUsers = () => inTransaction(dataSource, (manager) => manager.getRepository(UserEntity).count());
    const before = await countUsers();

    for (let run = 0; run < 12; run += 1) await inDryRun(dataSource, (manager) => insertUser(manager));

    expect(await countUsers()).toBe(before);
  });
});
