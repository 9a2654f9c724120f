import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryEntity } from '../../core/notifications/adapters/delivery.entity';
import type { Monolith } from '../../legacy-app/compose-monolith';
import { readMonolithConfig } from '../../legacy-app/monolith.config';
import { signUpCustomer, waitForSettledVideo, waitUntil } from '../support/customer';
import { startWebhookReceiver, type WebhookReceiver } from '../support/faults/webhook-receiver';
import { makeClip } from '../support/media-clips';
import { createMonolith, testEnvironment, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

const webhookTimeoutMs = 500;
const baseDelayMs = 300;
const maxAttempts = 3;

describe('a webhook receiver that never answers', () => {
  const clipDir = mkdtempSync(path.join(os.tmpdir(), '24hv-hanging-hook-'));
  let context: ServingContext;
  let monolith: Monolith;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    const env = {
      ...testEnvironment(context),
      WEBHOOK_TIMEOUT_MS: String(webhookTimeoutMs),
      DELIVERY_MAX_ATTEMPTS: String(maxAttempts),
      DELIVERY_BASE_DELAY_MS: String(baseDelayMs),
      DELIVERY_MAX_DELAY_MS: String(baseDelayMs * 4),
    };
    monolith = await createMonolith(context, { ...readMonolithConfig(database.config.dataDir, env), auth: context.authConfig });
    receiver = await startWebhookReceiver();
    receiver.behave(() => 'hang');
  });

  afterAll(async () => {
    await monolith?.stop();
    await receiver?.close();
    await context?.dataSource.destroy();
    await context?.database.dispose();
    rmSync(clipDir, { recursive: true, force: true });
  });

  it('gives each attempt WEBHOOK_TIMEOUT_MS, retries with backoff, then marks the delivery failed with the reason', async () => {
    const customer = await signUpCustomer(monolith.app);
    await customer.post('/api/notifications/subscriptions').send({ channel: 'webhook', target: `${receiver.url}/hooks` }).expect(201);
    const videoId = (await customer.upload(await makeClip(clipDir, { seconds: 1 }), 'nobody listens').expect(201)).body.id as string;
    expect((await waitForSettledVideo(customer, videoId)).status).toBe('ready');

    const deliveries = context.dataSource.getRepository(DeliveryEntity);
    const [delivery] = await waitUntil(() => deliveries.findBy({ videoId }), (rows) => rows.length === 1 && rows[0]!.status !== 'pending', 30_000, 100);
    expect(delivery).toMatchObject({ status: 'failed', attempts: maxAttempts, deliveredAt: null });
    expect(delivery!.lastError).toBe(`timed out after ${webhookTimeoutMs} ms waiting for ${receiver.url}/hooks`);

    // One id for every attempt (receivers deduplicate by it); each next attempt only after the
    // timeout of the last plus at least half its backoff (equal jitter).
    expect(receiver.ids).toEqual(Array.from({ length: maxAttempts }, () => delivery!.id));
    const gaps = receiver.arrivals.slice(1).map((at, index) => at - receiver.arrivals[index]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(webhookTimeoutMs + baseDelayMs / 2 - 50);
    expect(gaps[1]).toBeGreaterThanOrEqual(webhookTimeoutMs + baseDelayMs - 50);

    const shown = await customer.get('/api/notifications/deliveries').expect(200);
    expect(shown.body.deliveries).toEqual([expect.objectContaining({ id: delivery!.id, status: 'failed', attempts: maxAttempts, lastError: delivery!.lastError })]);
  }, 60_000);
});
