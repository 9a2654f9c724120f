import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeormUserStore } from '../../core/auth/adapters/typeorm-user.store';
import { createInMemoryAuth } from '../../core/auth/auth-test-kit';
import { Authenticator } from '../../core/auth/authenticator';
import { createLogger } from '../../core/logging/create-logger';
import { TypeormDeliveryStore } from '../../core/notifications/adapters/typeorm-delivery.store';
import { enqueueDeliveries } from '../../core/notifications/adapters/typeorm-outbox';
import { TypeormSubscriptionStore } from '../../core/notifications/adapters/typeorm-subscription.store';
import { aVideoEvent, insertUser } from '../../core/notifications/notifications-test-kit';
import { SubscriptionsService } from '../../core/notifications/subscriptions.service';
import { parseAllowlist, WebhookTargetGuard } from '../../core/notifications/webhook-target-guard';
import { expectLegacyError } from '../../test/support/expect-legacy-error';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { answerLegacyError, answerUnknownRoute } from '../middleware/legacy-errors.middleware';
import { assignRequestId } from '../middleware/request-id.middleware';
import { notificationsRoutes } from './notifications.routes';

describe.each(engines)('notifications routes on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let app: Express;
  const auth = createInMemoryAuth();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    const guard = new WebhookTargetGuard({ allowlist: parseAllowlist(['127.0.0.1']) });
    const subscriptions = new SubscriptionsService(new TypeormSubscriptionStore(dataSource), new TypeormDeliveryStore(dataSource), guard, auth.clock);
    const authenticator = new Authenticator(auth.verifier, new TypeormUserStore(dataSource));
    const logger = createLogger('notifications-routes-test', 'silent');
    app = express()
      .use(assignRequestId())
      .use(notificationsRoutes({ subscriptions, authenticator, jsonBodyLimitBytes: 1_024 }))
      .use(answerUnknownRoute())
      .use(answerLegacyError(logger, 1024 * 1024));
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  /** A new account and the Authorization header of its token. */
  async function signedUp(): Promise<{ userId: string; authorization: string }> {
    const userId = await insertUser(dataSource);
    return { userId, authorization: `Bearer ${(await auth.tokens.issue(userId)).token}` };
  }

  it('subscribes (201, with the secret), lists (without it) and unsubscribes (204, empty)', async () => {
    const { authorization } = await signedUp();

    const created = await request(app)
      .post('/api/notifications/subscriptions')
      .set('authorization', authorization)
      .send({ channel: 'webhook', target: 'http://127.0.0.1:4000/hooks', events: ['video.ready'] });

    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(created.body).toEqual({
      id: expect.any(String),
      channel: 'webhook',
      target: 'http://127.0.0.1:4000/hooks',
      events: ['video.ready'],
      createdAt: '2026-11-23T10:00:00.000Z',
      secret: expect.stringMatching(/^whsec_[0-9a-f]{64}$/),
    });
    const { secret, ...withoutSecret } = created.body as { secret: string; id: string };
    const listed = await request(app).get('/api/notifications/subscriptions').set('authorization', authorization);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ subscriptions: [withoutSecret] });
    expect(listed.text).not.toContain(secret);

    const removed = await request(app).delete(`/api/notifications/subscriptions/${withoutSecret.id}`).set('authorization', authorization);
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expect((await request(app).get('/api/notifications/subscriptions').set('authorization', authorization)).body).toEqual({ subscriptions: [] });
  });

  it('lists the caller’s deliveries, newest first', async () => {
    const { userId, authorization } = await signedUp();
    const subscription = await request(app)
      .post('/api/notifications/subscriptions')
      .set('authorization', authorization)
      .send({ channel: 'email', target: 'ada@example.com' });
    const event = aVideoEvent(userId);
    await dataSource.transaction((manager) => enqueueDeliveries(manager, event));

    const response = await request(app).get('/api/notifications/deliveries').set('authorization', authorization);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      deliveries: [
        {
          id: expect.any(String),
          subscriptionId: subscription.body.id,
          event: 'video.ready',
          videoId: event.videoId,
          status: 'pending',
          attempts: 0,
          lastError: null,
          createdAt: '2026-11-23T10:00:00.000Z',
          deliveredAt: null,
        },
      ],
    });
  });

  it('answers 400 with details for an invalid subscription', async () => {
    const { authorization } = await signedUp();
    const response = await request(app)
      .post('/api/notifications/subscriptions')
      .set('authorization', authorization)
      .send({ channel: 'webhook', target: 'http://10.0.0.5/hooks' });
    expectLegacyError(response, 400, 'validation_failed');
    expect(response.body.error.details).toEqual([
      { path: 'target', message: 'target resolves to a private address (10.0.0.5); webhooks may only call public addresses' },
    ]);
  });

  it('answers 404 for another user’s subscription, an unknown one and a malformed id', async () => {
    const owner = await signedUp();
    const stranger = await signedUp();
    const created = await request(app)
      .post('/api/notifications/subscriptions')
      .set('authorization', owner.authorization)
      .send({ channel: 'email', target: 'ada@example.com' });

    for (const id of [created.body.id as string, randomUUID(), 'not-a-uuid']) {
      expectLegacyError(await request(app).delete(`/api/notifications/subscriptions/${id}`).set('authorization', stranger.authorization), 404, 'not_found');
    }
    expect((await request(app).get('/api/notifications/subscriptions').set('authorization', owner.authorization)).body.subscriptions).toHaveLength(1);
  });

  it('requires a token on every route, before reading any body', async () => {
    const calls = [
      request(app).post('/api/notifications/subscriptions').send({ channel: 'email', target: 'a@example.com' }),
      request(app).get('/api/notifications/subscriptions'),
      request(app).delete(`/api/notifications/subscriptions/${randomUUID()}`),
      request(app).get('/api/notifications/deliveries'),
    ];
    for (const response of await Promise.all(calls)) expectLegacyError(response, 401, 'unauthorized');
  });

  it('answers 413 for a body over the limit and 415 for a body that is not JSON', async () => {
    const { authorization } = await signedUp();
    const post = () => request(app).post('/api/notifications/subscriptions').set('authorization', authorization);
    expectLegacyError(await post().send({ channel: 'email', target: `${'a'.repeat(2_000)}@example.com` }), 413, 'payload_too_large');
    expectLegacyError(await post().set('content-type', 'text/plain').send('channel=email'), 415, 'unsupported_media_type');
  });
});
