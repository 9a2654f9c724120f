import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../core/notifications/notifications-test-kit';
import { verifyWebhookSignature } from '../../core/notifications/webhook-signature';
import { contractRequest } from '../support/contract-request';
import { signUpCustomer, waitForSettledVideo, waitUntil, type Customer } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { makeClip, makeCorruptVideo } from '../support/media-clips';
import { contractCases, type ServedApi, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const unknownId = '00000000-0000-4000-8000-000000000000';
const allEvents = ['video.ready', 'video.failed'];
const subscriptionsPath = '/api/notifications/subscriptions';
const deliveriesPath = '/api/notifications/deliveries';
/** Retries are tens of milliseconds apart in tests: a settled delivery takes well under this. */
const settleTimeoutMs = 15_000;

/** The Subscription object of the contract (`secret` only in the answer to its creation). */
interface SubscriptionBody {
  id: string;
  channel: 'webhook' | 'email';
  target: string;
  events: string[];
  createdAt: string;
  secret?: string;
}

/** The Delivery object of the contract. */
interface DeliveryBody {
  id: string;
  subscriptionId: string;
  event: string;
  videoId: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

type VideoBody = Record<string, unknown> & { id?: string; status: string };

/** A webhook body as the contract describes it. */
interface WebhookBody {
  id: string;
  event: string;
  occurredAt: string;
  video: VideoBody;
}

let clipsDir: string;
const clips = { video: '', corrupt: '' };

beforeAll(async () => {
  clipsDir = mkdtempSync(path.join(os.tmpdir(), '24hv-clips-'));
  clips.video = await makeClip(clipsDir, { width: 854, height: 480, seconds: 2 });
  clips.corrupt = await makeCorruptVideo(clipsDir);
});

afterAll(() => rmSync(clipsDir, { recursive: true, force: true }));

/** The signing secret a webhook subscription was created with. */
const secretOf = (subscription: SubscriptionBody): string => {
  if (!subscription.secret) throw new Error(`subscription ${subscription.id} was answered without a secret`);
  return subscription.secret;
};

/** The one request of a list; fails the test when there are none or several. */
function onlyRequestOf(received: ReceivedRequest[]): ReceivedRequest {
  const [only, ...others] = received;
  if (!only || others.length > 0) throw new Error(`expected exactly one webhook request, received ${received.length}`);
  return only;
}

const webhookBodyOf = (received: ReceivedRequest): WebhookBody => JSON.parse(received.body);
const receivedFor = (receiver: WebhookReceiver, event: string) => receiver.requests.filter((received) => webhookBodyOf(received).event === event);

/** Exactly what a customer's receiver computes from the contract text, with nothing but node:crypto. */
const customerSignature = (secret: string, timestamp: string, rawBody: string) =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;

/** A header of a received request as one string (node joins repeated headers into an array). */
const headerOf = (received: ReceivedRequest, name: string): string => {
  const value = received.headers[name];
  if (typeof value !== 'string') throw new Error(`the webhook request has no single ${name} header: ${JSON.stringify(value)}`);
  return value;
};

/** Quoted-printable text (=XX bytes, `=` soft line breaks) back to UTF-8. */
const decodeQuotedPrintable = (text: string) =>
  Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) back to text; the space between two of them is not text. */
const decodeEncodedWords = (header: string) =>
  header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([QB])\?([^?]*)\?=/gi, (_match, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );

/** An .eml as a mail client shows it: headers unfolded and decoded, then the decoded text body. */
function readEml(file: string): { headers: string; body: string } {
  const [head = '', ...rest] = readFileSync(file, 'utf8').split('\r\n\r\n');
  return { headers: decodeEncodedWords(head.replace(/\r\n[ \t]+/g, ' ')), body: decodeQuotedPrintable(rest.join('\r\n\r\n')) };
}


describe.each(contractCases)('notifications contract — $mode.name on $engine', ({ mode, engine }) => {
  let context: ServingContext;
  let api: ServedApi;
  /** Subscribes a webhook to every event, a webhook and an e-mail to video.ready only; uploads a good clip and a corrupt one. */
  let alice: Customer;
  /** Has a subscription of his own, and never a video. */
  let bob: Customer;
  /** Subscribes webhooks that fail in every way, then uploads a corrupt clip. */
  let dave: Customer;
  let receiver: WebhookReceiver;
  let readyOnlyReceiver: WebhookReceiver;
  let failingReceiver: WebhookReceiver;
  let flakyReceiver: WebhookReceiver;
  let aliceWebhook: SubscriptionBody;
  let aliceReadyOnlyWebhook: SubscriptionBody;
  let aliceEmail: SubscriptionBody;
  let daveFailing: SubscriptionBody;
  let daveFlaky: SubscriptionBody;
  let daveRefused: SubscriptionBody;
  let ready: VideoBody;
  let failed: VideoBody;
  let davesFailed: VideoBody;

  const subscribe = async (customer: Customer, body: object): Promise<SubscriptionBody> => (await customer.post(subscriptionsPath).send(body).expect(201)).body;
  const deliveriesOf = async (customer: Customer): Promise<DeliveryBody[]> => (await customer.get(deliveriesPath).expect(200)).body.deliveries;
  /** The customer's deliveries once every one of the videos has some (their events are handled one by one) and none is pending. */
  const settledDeliveriesOf = (customer: Customer, videoIds: (string | undefined)[]) =>
    waitUntil(
      () => deliveriesOf(customer),
      (deliveries) => videoIds.every((id) => deliveries.some((delivery) => delivery.videoId === id)) && deliveries.every((delivery) => delivery.status !== 'pending'),
      settleTimeoutMs,
      50,
    );
  const alicesDeliveries = () => settledDeliveriesOf(alice, [ready.id, failed.id]);
  const davesDeliveries = () => settledDeliveriesOf(dave, [davesFailed.id]);
  const mailOutbox = () => path.join(context.database.config.dataDir, 'mail-outbox');
  const emlFiles = () => (existsSync(mailOutbox()) ? readdirSync(mailOutbox()).filter((name) => name.endsWith('.eml') && !name.startsWith('.')) : []);

  beforeAll(async () => {
    const database = await createTestDatabase(engine);
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    api = await mode.start(context);
    [alice, bob, dave] = await Promise.all([signUpCustomer(api.http), signUpCustomer(api.http), signUpCustomer(api.http)]);
    [receiver, readyOnlyReceiver, failingReceiver, flakyReceiver] = await Promise.all([
      startWebhookReceiver(),
      startWebhookReceiver(),
      startWebhookReceiver(() => 500),
      startWebhookReceiver((_request, index) => (index === 0 ? 500 : 200)),
    ]);
    const refusedTarget = `http://127.0.0.1:${await closedPort()}/hooks`;
    aliceWebhook = await subscribe(alice, { channel: 'webhook', target: receiver.url });
    aliceReadyOnlyWebhook = await subscribe(alice, { channel: 'webhook', target: readyOnlyReceiver.url, events: ['video.ready'] });
    aliceEmail = await subscribe(alice, { channel: 'email', target: 'alice@example.com', events: ['video.ready'] });
    daveFailing = await subscribe(dave, { channel: 'webhook', target: failingReceiver.url });
    daveFlaky = await subscribe(dave, { channel: 'webhook', target: flakyReceiver.url });
    daveRefused = await subscribe(dave, { channel: 'webhook', target: refusedTarget });
    await subscribe(bob, { channel: 'email', target: 'bob@example.com' });
    // One ready video and two failed ones per case, processed side by side to keep the case short.
    const [goodUpload, corruptUpload, davesUpload] = await Promise.all([
      alice.upload(clips.video, 'Harbour at dusk').expect(201),
      alice.upload(clips.corrupt, 'Café crème — broken').expect(201),
      dave.upload(clips.corrupt).expect(201),
    ]);
    [ready, failed, davesFailed] = await Promise.all([
      waitForSettledVideo(alice, goodUpload.body.id),
      waitForSettledVideo(alice, corruptUpload.body.id),
      waitForSettledVideo(dave, davesUpload.body.id),
    ]);
  });

  afterAll(async () => {
    await api?.stop();
    await Promise.all([receiver, readyOnlyReceiver, failingReceiver, flakyReceiver].map((started) => started?.close()));
    await context?.dataSource.destroy();
    await context?.database.dispose();
  });

  describe('POST /api/notifications/subscriptions', () => {
    it('subscribes a webhook with 201, answering the subscription and its signing secret', async () => {
      const frank = await signUpCustomer(api.http);
      const response = await frank.post(subscriptionsPath).send({ channel: 'webhook', target: receiver.url, events: ['video.failed'] }).expect(201);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['x-request-id']).toBeTruthy();
      expect(response.body).toEqual({
        id: expect.stringMatching(uuid),
        channel: 'webhook',
        target: receiver.url,
        events: ['video.failed'],
        createdAt: expect.stringMatching(isoTime),
        secret: expect.stringMatching(/^\S{32,}$/),
      });
      expect(Math.abs(Date.parse(response.body.createdAt) - Date.now())).toBeLessThan(60_000);
    });

    it('subscribes an e-mail address, lower-cased, with no secret', async () => {
      const frank = await signUpCustomer(api.http);
      const response = await frank.post(subscriptionsPath).send({ channel: 'email', target: 'Frank.Smith@Example.COM', events: ['video.ready'] }).expect(201);
      expect(response.body).toEqual({ id: expect.stringMatching(uuid), channel: 'email', target: 'frank.smith@example.com', events: ['video.ready'], createdAt: expect.stringMatching(isoTime) });
    });

    it('subscribes to every event when none are listed', async () => {
      const frank = await signUpCustomer(api.http);
      const webhook = await frank.post(subscriptionsPath).send({ channel: 'webhook', target: receiver.url }).expect(201);
      const email = await frank.post(subscriptionsPath).send({ channel: 'email', target: 'frank@example.com' }).expect(201);
      expect(webhook.body.events).toEqual(allEvents);
      expect(email.body.events).toEqual(allEvents);
    });

    it.each([
      ['a missing channel', { target: 'eve@example.com' }, 'channel', /webhook.*email/],
      ['an unknown channel', { channel: 'sms', target: '+15550100' }, 'channel', /webhook.*email/],
      ['a channel that is not a string', { channel: 7, target: 'eve@example.com' }, 'channel', /webhook.*email/],
      ['a target that is not a URL', { channel: 'webhook', target: 'not a url' }, 'target', /URL/],
      ['a URL that is not http(s)', { channel: 'webhook', target: 'ftp://files.example.com/hook' }, 'target', /http or https/],
      ['a URL with credentials', { channel: 'webhook', target: 'https://user:secret@hooks.example.com/video' }, 'target', /credentials/],
      ['a target that is not a string', { channel: 'webhook', target: 42 }, 'target', /URL/],
      ['an empty target', { channel: 'webhook', target: '' }, 'target', /empty/],
      ['an invalid e-mail address', { channel: 'email', target: 'not-an-email' }, 'target', /email/],
      ['an empty list of events', { channel: 'email', target: 'eve@example.com', events: [] }, 'events', /at least one/],
      ['an unknown event', { channel: 'email', target: 'eve@example.com', events: ['video.deleted'] }, 'events.0', /video\.ready/],
      ['an event listed twice', { channel: 'email', target: 'eve@example.com', events: ['video.ready', 'video.ready'] }, 'events', /twice/],
      ['events that are not a list', { channel: 'email', target: 'eve@example.com', events: 'video.ready' }, 'events', /list/],
    ])('answers 400 naming the field for %s, and subscribes nothing', async (_case, body, detailPath, message) => {
      const eve = await signUpCustomer(api.http);
      const response = await eve.post(subscriptionsPath).send(body);
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details).toContainEqual({ path: detailPath, message: expect.stringMatching(message) });
      expect((await eve.get(subscriptionsPath).expect(200)).body).toEqual({ subscriptions: [] });
    });

    it.each([
      ['a private address', 'http://10.0.0.1/hook', 'a private address (10.0.0.1)'],
      ['a private address written as a number', 'http://167772161/hook', 'a private address (10.0.0.1)'],
      ['the cloud metadata address', 'http://169.254.169.254/', 'a link-local address (169.254.169.254)'],
      ['an IPv6 unique local address', 'http://[fd00::1]/hook', 'a private address (fd00::1)'],
      ['a loopback address outside the allowlist', 'http://127.0.0.2/hook', 'a loopback address (127.0.0.2)'],
      ['an internal host name', 'http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal is a local name'],
    ])('refuses a webhook to %s with 400, saying why', async (_case, target, why) => {
      const eve = await signUpCustomer(api.http);
      const response = await eve.post(subscriptionsPath).send({ channel: 'webhook', target });
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details).toEqual([{ path: 'target', message: expect.stringContaining(why) }]);
      expect(response.body.error.details[0].message).toContain('public addresses');
      expect(response.body.error.message).toContain(why);
      expect((await eve.get(subscriptionsPath).expect(200)).body).toEqual({ subscriptions: [] });
    });

    it('answers 400 for a body that is not a JSON object', async () => {
      const response = await alice.post(subscriptionsPath).send([{ channel: 'email', target: 'alice@example.com' }]);
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details).toEqual([{ path: '', message: expect.stringContaining('JSON object') }]);
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await alice.post(subscriptionsPath).set('content-type', 'application/json').send('{"channel": "email", "target":');
      expectLegacyError(response, 400, 'validation_failed');
    });

    it('answers 415 for a body that is not JSON', async () => {
      expectLegacyError(await alice.post(subscriptionsPath).set('content-type', 'text/plain').send('channel=email'), 415, 'unsupported_media_type');
      expectLegacyError(await alice.post(subscriptionsPath).type('form').send({ channel: 'email', target: 'alice@example.com' }), 415, 'unsupported_media_type');
    });

    it('answers 413 for a body over the limit', async () => {
      expectLegacyError(await alice.post(subscriptionsPath).send({ channel: 'email', target: `${'a'.repeat(200 * 1024)}@example.com` }), 413, 'payload_too_large');
    });

    it('requires a token', async () => {
      expectLegacyError(await contractRequest(api.http).post(subscriptionsPath).send({ channel: 'email', target: 'alice@example.com' }), 401, 'unauthorized');
    });
  });

  describe('GET /api/notifications/subscriptions', () => {
    it('lists the caller\u2019s own subscriptions, never their secrets', async () => {
      const response = await alice.get(subscriptionsPath).expect(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const withoutSecret = ({ secret: _secret, ...subscription }: SubscriptionBody) => subscription;
      expect(response.body.subscriptions).toHaveLength(3);
      expect(response.body.subscriptions).toEqual(expect.arrayContaining([aliceWebhook, aliceReadyOnlyWebhook, aliceEmail].map(withoutSecret)));
      for (const { secret } of [aliceWebhook, aliceReadyOnlyWebhook]) expect(response.text).not.toContain(secret);
    });

    it('shows a customer none of another\u2019s subscriptions', async () => {
      const frank = await signUpCustomer(api.http);
      expect((await frank.get(subscriptionsPath).expect(200)).body).toEqual({ subscriptions: [] });
      const bobs = (await bob.get(subscriptionsPath).expect(200)).body.subscriptions as SubscriptionBody[];
      expect(bobs.map((subscription) => subscription.target)).toEqual(['bob@example.com']);
    });

    it('requires a token', async () => {
      expectLegacyError(await contractRequest(api.http).get(subscriptionsPath), 401, 'unauthorized');
    });
  });

  describe('DELETE /api/notifications/subscriptions/:id', () => {
    it('unsubscribes with 204 and an empty body; a second time is 404', async () => {
      const frank = await signUpCustomer(api.http);
      const kept = await subscribe(frank, { channel: 'email', target: 'frank@example.com' });
      const removed = await subscribe(frank, { channel: 'webhook', target: receiver.url });
      const response = await frank.delete(`${subscriptionsPath}/${removed.id}`).expect(204);
      expect(response.text).toBe('');
      expect(response.headers['x-request-id']).toBeTruthy();
      expect((await frank.get(subscriptionsPath).expect(200)).body.subscriptions.map((subscription: SubscriptionBody) => subscription.id)).toEqual([kept.id]);
      expectLegacyError(await frank.delete(`${subscriptionsPath}/${removed.id}`), 404, 'not_found');
    });

    it('answers 404 for another customer\u2019s subscription and leaves it in place', async () => {
      const target = aliceEmail;
      expectLegacyError(await bob.delete(`${subscriptionsPath}/${target.id}`), 404, 'not_found');
      expect((await alice.get(subscriptionsPath).expect(200)).body.subscriptions).toContainEqual(expect.objectContaining({ id: target.id }));
    });

    it.each([['an unknown id', unknownId], ['a malformed id', 'not-a-uuid']])('answers 404 for %s', async (_case, id) => {
      expectLegacyError(await alice.delete(`${subscriptionsPath}/${id}`), 404, 'not_found');
    });

    it('requires a token', async () => {
      expectLegacyError(await contractRequest(api.http).delete(`${subscriptionsPath}/${aliceEmail.id}`), 401, 'unauthorized');
    });
  });

  describe('a video that becomes ready', () => {
    it('is POSTed once to the webhook, signed with the secret given at subscription', async () => {
      await alicesDeliveries();
      const post = onlyRequestOf(receivedFor(receiver, 'video.ready'));
      expect(post.method).toBe('POST');
      expect(post.url).toBe('/hooks');
      expect(post.headers['content-type']).toMatch(/^application\/json/);
      const body = webhookBodyOf(post);
      expect(Object.keys(body).sort()).toEqual(['event', 'id', 'occurredAt', 'video']);
      expect(body).toEqual({ id: expect.stringMatching(uuid), event: 'video.ready', occurredAt: expect.stringMatching(isoTime), video: ready });
      expect(body.video).toMatchObject({ id: ready.id, status: 'ready', title: 'Harbour at dusk' });
      expect(headerOf(post, 'x-webhook-id')).toBe(body.id);
      const timestamp = headerOf(post, 'x-webhook-timestamp');
      expect(timestamp).toMatch(/^\d+$/);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(120);
      const signature = headerOf(post, 'x-webhook-signature');
      const secret = secretOf(aliceWebhook);
      expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(signature).toBe(customerSignature(secret, timestamp, post.body));
      expect(verifyWebhookSignature({ secret, timestamp, rawBody: post.body, signature })).toBe(true);
      expect(verifyWebhookSignature({ secret: secretOf(aliceReadyOnlyWebhook), timestamp, rawBody: post.body, signature })).toBe(false);
    });

    it('is delivered to every subscription that wants it, once, and listed as delivered', async () => {
      const deliveries = await alicesDeliveries();
      const forReady = deliveries.filter((delivery) => delivery.videoId === ready.id);
      expect(forReady).toHaveLength(3);
      expect(new Set(forReady.map((delivery) => delivery.subscriptionId))).toEqual(
        new Set([aliceWebhook.id, aliceReadyOnlyWebhook.id, aliceEmail.id]),
      );
      for (const delivery of forReady) {
        expect(Object.keys(delivery).sort()).toEqual(['attempts', 'createdAt', 'deliveredAt', 'event', 'id', 'lastError', 'status', 'subscriptionId', 'videoId']);
        expect(delivery).toEqual({
          id: expect.stringMatching(uuid),
          subscriptionId: expect.stringMatching(uuid),
          event: 'video.ready',
          videoId: ready.id,
          status: 'delivered',
          attempts: 1,
          lastError: null,
          createdAt: expect.stringMatching(isoTime),
          deliveredAt: expect.stringMatching(isoTime),
        });
        expect(Date.parse(delivery.deliveredAt ?? '')).toBeGreaterThanOrEqual(Date.parse(delivery.createdAt));
      }
      const webhookDelivery = forReady.find((delivery) => delivery.subscriptionId === aliceWebhook.id);
      expect(headerOf(onlyRequestOf(receivedFor(receiver, 'video.ready')), 'x-webhook-id')).toBe(webhookDelivery?.id);
      const readyOnlyDelivery = forReady.find((delivery) => delivery.subscriptionId === aliceReadyOnlyWebhook.id);
      expect(headerOf(onlyRequestOf(receivedFor(readyOnlyReceiver, 'video.ready')), 'x-webhook-id')).toBe(readyOnlyDelivery?.id);
    });

    it('writes one e-mail to the outbox naming the video and linking to it', async () => {
      await alicesDeliveries();
      const files = emlFiles();
      expect(files).toHaveLength(1);
      const { headers, body } = readEml(path.join(mailOutbox(), files[0] ?? ''));
      expect(headers).toMatch(/^To: alice@example\.com\r?$/m);
      expect(headers).toMatch(/^Subject: .*"Harbour at dusk".*ready\r?$/m);
      expect(body).toContain('Harbour at dusk');
      expect(body).toMatch(new RegExp(`https?://\\S+/api/videos/${ready.id}(\\s|$)`));
    });
  });

  describe('a video that fails', () => {
    it('is POSTed as video.failed with the failed video and its readable error', async () => {
      await alicesDeliveries();
      const post = onlyRequestOf(receivedFor(receiver, 'video.failed'));
      const body = webhookBodyOf(post);
      expect(body).toEqual({ id: headerOf(post, 'x-webhook-id'), event: 'video.failed', occurredAt: expect.stringMatching(isoTime), video: failed });
      expect(body.video).toMatchObject({ id: failed.id, status: 'failed', title: 'Café crème — broken', error: { code: expect.any(String), message: expect.stringMatching(/\S/) } });
      // The raw body carries UTF-8 (the title): the signature covers its bytes, as a customer reads them.
      const timestamp = headerOf(post, 'x-webhook-timestamp');
      expect(headerOf(post, 'x-webhook-signature')).toBe(customerSignature(secretOf(aliceWebhook), timestamp, post.body));
    });

    it('reaches no subscription that wants only video.ready', async () => {
      const deliveries = await alicesDeliveries();
      expect(deliveries.filter((delivery) => delivery.videoId === failed.id)).toEqual([
        expect.objectContaining({ subscriptionId: aliceWebhook.id, event: 'video.failed', status: 'delivered', attempts: 1 }),
      ]);
      expect(receivedFor(readyOnlyReceiver, 'video.failed')).toEqual([]);
      expect(readyOnlyReceiver.requests).toHaveLength(1);
      expect(emlFiles()).toHaveLength(1);
    });
  });

  describe('GET /api/notifications/deliveries', () => {
    it('lists the caller\u2019s deliveries newest first', async () => {
      const deliveries = await alicesDeliveries();
      expect(deliveries).toHaveLength(4);
      const response = await alice.get(deliveriesPath).expect(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.text).not.toContain(secretOf(aliceWebhook));
      const times = deliveries.map((delivery) => Date.parse(delivery.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // The two videos settled at different moments, so the order is not a tie.
      expect(new Set(times).size).toBe(2);
    });

    it('never lists another customer\u2019s deliveries', async () => {
      const [alices, daves] = await Promise.all([alicesDeliveries(), davesDeliveries()]);
      const aliceSubscriptions = new Set([aliceWebhook, aliceReadyOnlyWebhook, aliceEmail].map((subscription) => subscription.id));
      expect(alices.filter((delivery) => !aliceSubscriptions.has(delivery.subscriptionId))).toEqual([]);
      const daveSubscriptions = new Set([daveFailing, daveFlaky, daveRefused].map((subscription) => subscription.id));
      expect(daves).toHaveLength(3);
      expect(daves.filter((delivery) => !daveSubscriptions.has(delivery.subscriptionId))).toEqual([]);
      expect((await bob.get(deliveriesPath).expect(200)).body).toEqual({ deliveries: [] });
    });

    it('requires a token', async () => {
      expectLegacyError(await contractRequest(api.http).get(deliveriesPath), 401, 'unauthorized');
    });
  });

  describe('delivery retries', () => {
    const settledDeliveryOf = async (subscription: SubscriptionBody) => {
      const deliveries = await davesDeliveries();
      const found = deliveries.find((delivery) => delivery.subscriptionId === subscription.id);
      if (!found) throw new Error(`no delivery for subscription ${subscription.id}: ${JSON.stringify(deliveries)}`);
      return found;
    };

    it('retries a receiver answering 500 with the same X-Webhook-Id, then fails naming the status', async () => {
      const delivery = await settledDeliveryOf(daveFailing);
      expect(delivery).toMatchObject({ event: 'video.failed', status: 'failed', attempts: 3, lastError: expect.stringContaining('500'), deliveredAt: null });
      expect(delivery.lastError).toMatch(/HTTP 500/);
      expect(failingReceiver.requests).toHaveLength(3);
      expect(new Set(failingReceiver.requests.map((received) => headerOf(received, 'x-webhook-id')))).toEqual(new Set([delivery.id]));
      expect(new Set(failingReceiver.requests.map((received) => received.body)).size).toBe(1);
      for (const received of failingReceiver.requests) {
        const timestamp = headerOf(received, 'x-webhook-timestamp');
        expect(headerOf(received, 'x-webhook-signature')).toBe(customerSignature(secretOf(daveFailing), timestamp, received.body));
      }
    });

    it('delivers on the second attempt after one 500', async () => {
      const delivery = await settledDeliveryOf(daveFlaky);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, deliveredAt: expect.stringMatching(isoTime) });
      expect(flakyReceiver.requests.map((received) => headerOf(received, 'x-webhook-id'))).toEqual([delivery.id, delivery.id]);
    });

    it('fails a target that refuses connections, recording why', async () => {
      const delivery = await settledDeliveryOf(daveRefused);
      expect(delivery).toMatchObject({ status: 'failed', attempts: 3, deliveredAt: null, lastError: expect.stringMatching(/refused/i) });
    });
  });
});
