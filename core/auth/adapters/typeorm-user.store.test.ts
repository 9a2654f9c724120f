import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { EmailTakenError } from '../auth.errors';
import type { User } from '../user';
import { TypeormUserStore } from './typeorm-user.store';

const aUser = (overrides: Partial<User> = {}): User => ({
  id: randomUUID(),
  email: `${randomUUID()}@example.com`,
  name: 'Ada',
  role: 'user',
  passwordHash: 'scrypt$10$8$1$salt$hash',
  createdAt: new Date('2026-11-23T10:00:00.123Z'),
  ...overrides,
});

describe.each(engines)('TypeormUserStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TypeormUserStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    store = new TypeormUserStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('stores a user and finds it by id and by email, the instant intact', async () => {
    const user = aUser();
    await store.create(user);
    expect(await store.findById(user.id)).toEqual(user);
    expect(await store.findByEmail(user.email)).toEqual(user);
    expect(await store.findById(randomUUID())).toBeUndefined();
  });

  it('lets only one of two simultaneous signups with the same email through', async () => {
    const email = `${randomUUID()}@example.com`;
    const results = await Promise.allSettled([store.create(aUser({ email })), store.create(aUser({ email }))]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(EmailTakenError);
  });
});
