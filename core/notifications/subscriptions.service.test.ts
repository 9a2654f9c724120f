import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { FixedClock } from '../auth/auth-test-kit';
import { NotFoundError, UnavailableError, ValidationError } from '../errors/app-error';
import { DeliveryEntity } from './adapters/delivery.entity';
import { TypeormDeliveryStore } from './adapters/typeorm-delivery.store';
import { enqueueDeliveries } from './adapters/typeorm-outbox';
import { TypeormSubscriptionStore } from './adapters/typeorm-subscription.store';
import { aVideoEvent, insertUser } from './notifications-test-kit';
import { SubscriptionsService } from './subscriptions.service';
import { parseAllowlist, WebhookTargetGuard, type ResolvedAddress } from './webhook-target-guard';
import { inTransaction } from '../database/transaction';

const dns: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'intranet.example.com': ['192.168.1.20'],
};

async function resolve(hostname: string): Promise<ResolvedAddress[]> {
  if (hostname === 'flaky-dns.example.com') throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
  const addresses = dns[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: 4 }));
}

/** The ValidationError a call rejects with. */
async function validationErrorOf(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe.each(engines)('SubscriptionsService on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let service: SubscriptionsService;
  const clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'));

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    const guard = new WebhookTargetGuard({ allowlist: parseAllowlist(['127.0.0.1']), resolve });
    service = new SubscriptionsService(new TypeormSubscriptionStore(dataSource), new TypeormDeliveryStore(dataSource), guard, clock);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('subscribes a webhook to both events by default and shows its secret once, at creation', async () => {
    const ownerId = await insertUser(dataSource);

    const created = await service.create(ownerId, { channel: 'webhook', target: ' https://hooks.example.com/video ' });

    expect(created).toEqual({
      id: expect.any(String),
      channel: 'webhook',
      target: 'https://hooks.example.com/video',
      events: ['video.ready', 'video.failed'],
      createdAt: '2026-11-23T10:00:00.000Z',
      secret: expect.stringMatching(/^whsec_[0-9a-f]{64}$/),
    });
    expect(Object.keys(created)).toEqual(['id', 'channel', 'target', 'events', 'createdAt', 'secret']);
    expect(await service.list(ownerId)).toEqual([
      { id: created.id, channel: 'webhook', target: 'https://hooks.example.com/video', events: ['video.ready', 'video.failed'], createdAt: '2026-11-23T10:00:00.000Z' },
    ]);
  });

  it('gives every webhook its own secret', async () => {
    const ownerId = await insertUser(dataSource);
    const first = await service.create(ownerId, { channel: 'webhook', target: 'https://hooks.example.com/a' });
    const second = await service.create(ownerId, { channel: 'webhook', target: 'https://hooks.example.com/a' });
    expect(first.secret).not.toBe(second.secret);
  });

  it('subscribes an e-mail address, lower-cased, to the events asked for, without a secret', async () => {
    const ownerId = await insertUser(dataSource);
    const created = await service.create(ownerId, { channel: 'email', target: 'Ada.Lovelace@Example.COM', events: ['video.failed'] });
    expect(created).toMatchObject({ channel: 'email', target: 'ada.lovelace@example.com', events: ['video.failed'] });
    expect(created).not.toHaveProperty('secret');
  });

  it('lists only the caller’s subscriptions, newest first', async () => {
    const ownerId = await insertUser(dataSource);
    await service.create(await insertUser(dataSource), { channel: 'email', target: 'other@example.com' });
    const older = await service.create(ownerId, { channel: 'email', target: 'old@example.com' });
    clock.advanceSeconds(1);
    const newer = await service.create(ownerId, { channel: 'email', target: 'new@example.com' });
    expect((await service.list(ownerId)).map((subscription) => subscription.id)).toEqual([newer.id, older.id]);
  });

  it.each([
    [null, ''],
    [['webhook'], ''],
    [{}, 'channel'],
    [{ channel: 'sms', target: '+4912345' }, 'channel'],
    [{ channel: 'webhook' }, 'target'],
    [{ channel: 'webhook', target: 'not a url' }, 'target'],
    [{ channel: 'webhook', target: '/relative/hook' }, 'target'],
    [{ channel: 'webhook', target: 'ftp://hooks.example.com/x' }, 'target'],
    [{ channel: 'webhook', target: 'https://user:pass@hooks.example.com/x' }, 'target'],
    [{ channel: 'webhook', target: `https://hooks.example.com/${'a'.repeat(2048)}` }, 'target'],
    [{ channel: 'email', target: 'not-an-address' }, 'target'],
    [{ channel: 'email', target: 42 }, 'target'],
    [{ channel: 'email', target: 'a@example.com', events: [] }, 'events'],
    [{ channel: 'email', target: 'a@example.com', events: 'video.ready' }, 'events'],
    [{ channel: 'email', target: 'a@example.com', events: ['video.ready', 'video.ready'] }, 'events'],
    [{ channel: 'email', target: 'a@example.com', events: ['video.deleted'] }, 'events.0'],
  ])('rejects %j, pointing at %s', async (body, path) => {
    const error = await validationErrorOf(service.create(randomUUID(), body));
    expect(error.details.map((detail) => detail.path)).toEqual([path]);
    expect(error.details[0]?.message.length).toBeGreaterThan(0);
  });

  it('says what was wrong with the body and the channel', async () => {
    expect((await validationErrorOf(service.create(randomUUID(), null))).details).toEqual([{ path: '', message: 'must be a JSON object' }]);
    expect((await validationErrorOf(service.create(randomUUID(), { channel: 'sms' }))).details).toEqual([
      { path: 'channel', message: 'must be "webhook" or "email"' },
    ]);
  });

  it('says why credentials and other schemes are refused', async () => {
    const credentials = await validationErrorOf(service.create(randomUUID(), { channel: 'webhook', target: 'https://u:p@hooks.example.com/' }));
    expect(credentials.details[0]?.message).toMatch(/must not contain credentials/);
    const scheme = await validationErrorOf(service.create(randomUUID(), { channel: 'webhook', target: 'file:///etc/passwd' }));
    expect(scheme.details[0]?.message).toBe('must use http or https, not file');
  });

  it.each([
    ['http://10.0.0.5/hook', 'target resolves to a private address (10.0.0.5); webhooks may only call public addresses'],
    ['http://169.254.169.254/latest/meta-data/', 'target resolves to a link-local address (169.254.169.254); webhooks may only call public addresses'],
    ['https://intranet.example.com/hook', 'target resolves to a private address (192.168.1.20); webhooks may only call public addresses'],
    ['http://localhost:3000/hook', 'target localhost is a local name; webhooks may only call public addresses'],
  ])('refuses the non-public webhook target %s and says why', async (target, message) => {
    const error = await validationErrorOf(service.create(await insertUser(dataSource), { channel: 'webhook', target }));
    expect(error.details).toEqual([{ path: 'target', message }]);
    expect(error.message).toContain(message);
  });

  it('accepts an allowlisted address (as local demos do)', async () => {
    const created = await service.create(await insertUser(dataSource), { channel: 'webhook', target: 'http://127.0.0.1:4000/hook' });
    expect(created.target).toBe('http://127.0.0.1:4000/hook');
  });

  it('rejects a host that does not exist, but answers 503 when DNS itself fails', async () => {
    const ownerId = await insertUser(dataSource);
    const missing = await validationErrorOf(service.create(ownerId, { channel: 'webhook', target: 'https://nowhere.example.com/x' }));
    expect(missing.details).toEqual([{ path: 'target', message: 'target host nowhere.example.com could not be resolved (ENOTFOUND): check the URL' }]);
    await expect(service.create(ownerId, { channel: 'webhook', target: 'https://flaky-dns.example.com/x' })).rejects.toThrow(UnavailableError);
    expect(await service.list(ownerId)).toEqual([]);
  });

  it('unsubscribes, taking the deliveries along', async () => {
    const ownerId = await insertUser(dataSource);
    const created = await service.create(ownerId, { channel: 'email', target: 'a@example.com' });
    await inTransaction(dataSource, (manager) => enqueueDeliveries(manager, aVideoEvent(ownerId)));

    await service.remove(ownerId, created.id.toUpperCase());

    expect(await service.list(ownerId)).toEqual([]);
    expect(await dataSource.getRepository(DeliveryEntity).countBy({ ownerId })).toBe(0);
  });

  it.each([
    ['another user’s id', (otherId: string) => otherId],
    ['an unknown id', () => randomUUID()],
    ['a malformed id', () => 'not-a-uuid'],
    ['an id with SQL in it', () => "' OR 1=1 --"],
  ])('answers not found for %s, and deletes nothing', async (_case, idFor) => {
    const ownerId = await insertUser(dataSource);
    const otherOwnerId = await insertUser(dataSource);
    const other = await service.create(otherOwnerId, { channel: 'email', target: 'b@example.com' });

    await expect(service.remove(ownerId, idFor(other.id))).rejects.toThrow(NotFoundError);

    expect(await service.list(otherOwnerId)).toHaveLength(1);
  });

  it('lists the caller’s deliveries newest first, as the API shows them, at most `limit`', async () => {
    const ownerId = await insertUser(dataSource);
    const subscription = await service.create(ownerId, { channel: 'email', target: 'a@example.com' });
    const first = aVideoEvent(ownerId, { occurredAt: new Date('2026-11-23T10:00:00.000Z') });
    const second = aVideoEvent(ownerId, { occurredAt: new Date('2026-11-23T11:00:00.000Z') });
    await inTransaction(dataSource, (manager) => enqueueDeliveries(manager, first));
    await inTransaction(dataSource, (manager) => enqueueDeliveries(manager, second));
    const otherOwnerId = await insertUser(dataSource);
    await service.create(otherOwnerId, { channel: 'email', target: 'b@example.com' });
    await inTransaction(dataSource, (manager) => enqueueDeliveries(manager, aVideoEvent(otherOwnerId)));

    const deliveries = await service.listDeliveries(ownerId);

    expect(deliveries.map((delivery) => delivery.videoId)).toEqual([second.videoId, first.videoId]);
    expect(deliveries[0]).toEqual({
      id: expect.any(String),
      subscriptionId: subscription.id,
      event: 'video.ready',
      videoId: second.videoId,
      status: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: '2026-11-23T11:00:00.000Z',
      deliveredAt: null,
    });
    expect(await service.listDeliveries(ownerId, 1)).toHaveLength(1);
  });
});
