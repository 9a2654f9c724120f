import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDataSource } from '../database/data-source';
import { createLogger } from '../logging/create-logger';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { DeliveryEntity } from './adapters/delivery.entity';
import { EmailSender } from './adapters/email.sender';
import { createOutboxTransport } from './adapters/mail-outbox.transport';
import { TypeormDeliveryStore } from './adapters/typeorm-delivery.store';
import { enqueueDeliveries } from './adapters/typeorm-outbox';
import { WebhookSender } from './adapters/webhook.sender';
import { DeliveryWorker, type DeliveryWorkerSettings } from './delivery.worker';
import { aVideoEvent, closedPort, insertSubscription, insertUser, startWebhookReceiver, type WebhookReceiver } from './notifications-test-kit';
import type { VideoEvent } from './video-event';
import { verifyWebhookSignature } from './webhook-signature';
import { parseAllowlist, WebhookTargetGuard, type WebhookAllowlist } from './webhook-target-guard';
import { inTransaction } from '../database/transaction';

const silent = createLogger('delivery-worker-test', 'silent');
const fast: DeliveryWorkerSettings = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 80, pollIntervalMs: 10, stopTimeoutMs: 2_000 };

describe.each(engines)('DeliveryWorker on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let outbox: string;
  const receivers: WebhookReceiver[] = [];
  const workers: DeliveryWorker[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    outbox = mkdtempSync(path.join(os.tmpdir(), '24hv-outbox-'));
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
    rmSync(outbox, { recursive: true, force: true });
  });

  // Every worker sends whatever is due in the database: each test starts from an empty outbox.
  beforeEach(async () => {
    await dataSource.createQueryBuilder().delete().from(DeliveryEntity).execute();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });

  const receiver = async (...args: Parameters<typeof startWebhookReceiver>) => {
    const started = await startWebhookReceiver(...args);
    receivers.push(started);
    return started;
  };

  function aWorker(
    { settings = {}, allowlist = parseAllowlist(['127.0.0.1']), on = dataSource }: { settings?: Partial<DeliveryWorkerSettings>; allowlist?: WebhookAllowlist; on?: DataSource } = {},
  ): DeliveryWorker {
    const clock = { now: () => new Date() };
    const worker = new DeliveryWorker(
      {
        store: new TypeormDeliveryStore(on),
        senders: {
          webhook: new WebhookSender({ guard: new WebhookTargetGuard({ allowlist }), timeoutMs: 1_000, clock }),
          email: new EmailSender({ transport: createOutboxTransport(outbox), from: 'no-reply@24hourvideo.local', publicBaseUrl: 'http://localhost:3000' }),
        },
        logger: silent,
        clock,
        random: () => 0.5,
      },
      { ...fast, ...settings },
    );
    workers.push(worker);
    return worker;
  }

  /** An event "now" (so it is due at once) for a new owner with one subscription to `target`. */
  async function subscribedEvent(target: string, channel: 'webhook' | 'email' = 'webhook'): Promise<{ event: VideoEvent; secret: string | null }> {
    const ownerId = await insertUser(dataSource);
    const subscription = await insertSubscription(dataSource, { ownerId, target, channel, secret: channel === 'webhook' ? 'whsec_worker-test' : null });
    const event = aVideoEvent(ownerId, { occurredAt: new Date() });
    await inTransaction(dataSource, (manager) => enqueueDeliveries(manager, event));
    return { event, secret: subscription.secret };
  }

  const deliveriesOf = (event: VideoEvent) => dataSource.getRepository(DeliveryEntity).findBy({ eventKey: event.key });
  const deliveryOf = async (event: VideoEvent) => {
    const [delivery] = await deliveriesOf(event);
    if (!delivery) throw new Error(`no delivery for ${event.key}`);
    return delivery;
  };

  it('delivers a signed webhook with {id, event, occurredAt, video} and the delivery id as X-Webhook-Id', async () => {
    const target = await receiver();
    const { event, secret } = await subscribedEvent(target.url);

    await aWorker().kick();

    const delivery = await deliveryOf(event);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastError: null, lockedUntil: null });
    expect(delivery.deliveredAt).toBeInstanceOf(Date);
    expect(target.requests).toHaveLength(1);
    const [request] = target.requests;
    expect(request?.headers['x-webhook-id']).toBe(delivery.id);
    expect(
      verifyWebhookSignature({
        secret: secret ?? '',
        timestamp: String(request?.headers['x-webhook-timestamp']),
        rawBody: request?.body ?? '',
        signature: String(request?.headers['x-webhook-signature']),
      }),
    ).toBe(true);
    expect(JSON.parse(request?.body ?? '')).toEqual({ id: delivery.id, event: 'video.ready', occurredAt: event.occurredAt.toISOString(), video: event.video });
  });

  it('retries a receiver answering 500 until it answers 200: delivered after 3 attempts, one X-Webhook-Id', async () => {
    const target = await receiver((_request, index) => (index < 2 ? 500 : 200));
    const { event } = await subscribedEvent(target.url);

    aWorker().start();

    await expect.poll(async () => (await deliveryOf(event)).status, { timeout: 5_000, interval: 20 }).toBe('delivered');
    const delivery = await deliveryOf(event);
    expect(delivery).toMatchObject({ attempts: 3, lastError: null });
    expect(target.requests.map((request) => request.headers['x-webhook-id'])).toEqual([delivery.id, delivery.id, delivery.id]);
    expect(new Set(target.requests.map((request) => request.body)).size).toBe(1);
  });

  it('waits the backoff between attempts and records the last error meanwhile', async () => {
    const target = await receiver(() => 500);
    const { event } = await subscribedEvent(target.url);
    const worker = aWorker({ settings: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const before = Date.now();

    await worker.kick();
    await worker.kick();

    const delivery = await deliveryOf(event);
    expect(target.requests).toHaveLength(1);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: `HTTP 500 from ${target.url}`, lockedUntil: null });
    // random() = 0.5 takes three quarters of the first delay (60 s).
    expect(delivery.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 45_000);
    expect(delivery.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 45_000);
  });

  it('gives up after maxAttempts on a receiver that is down, keeping the last error', async () => {
    const port = await closedPort();
    const { event } = await subscribedEvent(`http://127.0.0.1:${port}/hooks`);

    aWorker({ settings: { maxAttempts: 3 } }).start();

    await expect.poll(async () => (await deliveryOf(event)).status, { timeout: 5_000, interval: 20 }).toBe('failed');
    expect(await deliveryOf(event)).toMatchObject({ attempts: 3, lastError: `connection refused by 127.0.0.1:${port}`, deliveredAt: null });
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const elsewhere = await receiver();
    const target = await receiver(() => 307, { location: elsewhere.url });
    const { event } = await subscribedEvent(target.url);

    await aWorker({ settings: { maxAttempts: 1 } }).kick();

    expect(await deliveryOf(event)).toMatchObject({ status: 'failed', attempts: 1, lastError: `HTTP 307 from ${target.url} (redirects are not followed)` });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('refuses at send time a private target that is not allowlisted, without connecting', async () => {
    const target = await receiver();
    const { event } = await subscribedEvent(target.url);

    await aWorker({ settings: { maxAttempts: 1 }, allowlist: parseAllowlist([]) }).kick();

    expect(await deliveryOf(event)).toMatchObject({ status: 'failed', lastError: 'refused: resolves to a loopback address (127.0.0.1)' });
    expect(target.connections()).toBe(0);
  });

  it('e-mails a subscriber: one .eml in the outbox with the title and the link', async () => {
    const { event } = await subscribedEvent('ada@example.com', 'email');

    await aWorker().kick();

    const delivery = await deliveryOf(event);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(readdirSync(outbox)).toContain(`${delivery.id}.eml`);
    const eml = readFileSync(path.join(outbox, `${delivery.id}.eml`), 'utf8').replace(/=\r\n/g, '');
    expect(eml).toContain('Holiday in Lisbon');
    expect(eml).toContain(`http://localhost:3000/api/videos/${event.videoId}`);
  });

  it('copes with a subscription deleted while its delivery is being sent', async () => {
    let subscriptionId = '';
    const target = await receiver(async () => {
      await dataSource.query(`DELETE FROM subscriptions WHERE id = ${engine === 'postgres' ? '$1' : '?'}`, [subscriptionId]);
      return 200;
    });
    const { event } = await subscribedEvent(target.url);
    subscriptionId = (await deliveryOf(event)).subscriptionId;

    await aWorker().kick();

    expect(target.requests).toHaveLength(1);
    expect(await deliveriesOf(event)).toEqual([]);
  });

  it('never sends one delivery twice when two workers on two connections share the outbox', async () => {
    const target = await receiver(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 200;
    });
    const ownerId = await insertUser(dataSource);
    for (let index = 0; index < 12; index += 1) await insertSubscription(dataSource, { ownerId, target: target.url });
    const event = aVideoEvent(ownerId, { occurredAt: new Date() });
    expect(await inTransaction(dataSource, (manager) => enqueueDeliveries(manager, event))).toBe(12);
    const second = await createDataSource(database.config, { poolSize: 4 }).initialize();
    try {
      const [one, two] = [aWorker({ settings: { concurrency: 3 } }), aWorker({ settings: { concurrency: 3 }, on: second })];

      await Promise.all([one.kick(), two.kick(), one.kick(), two.kick()]);

      const ids = target.requests.map((request) => request.headers['x-webhook-id']);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
      expect((await deliveriesOf(event)).every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(workers.splice(0).map((worker) => worker.stop()));
      await second.destroy();
    }
  });

  it('finishes the sends in flight when stopped, and claims nothing more', async () => {
    const target = await receiver(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 200;
    });
    const { event } = await subscribedEvent(target.url);
    const worker = aWorker();
    const pass = worker.kick();
    await expect.poll(() => target.requests.length, { timeout: 2_000, interval: 5 }).toBe(1);

    await worker.stop();

    expect((await deliveryOf(event)).status).toBe('delivered');
    await pass;
    const { event: later } = await subscribedEvent(target.url);
    await worker.kick();
    expect((await deliveryOf(later)).status).toBe('pending');
  });
});
