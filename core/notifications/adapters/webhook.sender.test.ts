import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../auth/auth-test-kit';
import { DeliveryFailedError, type OutgoingNotification } from '../notification-sender';
import { closedPort, startWebhookReceiver, type WebhookReceiver } from '../notifications-test-kit';
import { verifyWebhookSignature } from '../webhook-signature';
import { parseAllowlist, WebhookTargetGuard, type ResolvedAddress } from '../webhook-target-guard';
import { WebhookSender } from './webhook.sender';

const clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'));
const localGuard = new WebhookTargetGuard({ allowlist: parseAllowlist(['127.0.0.1']) });
const sender = (options: Partial<ConstructorParameters<typeof WebhookSender>[0]> = {}) =>
  new WebhookSender({ guard: localGuard, timeoutMs: 2_000, clock, ...options });

const aNotification = (target: string, overrides: Partial<OutgoingNotification> = {}): OutgoingNotification => {
  const deliveryId = randomUUID();
  return {
    deliveryId,
    event: 'video.ready',
    videoId: randomUUID(),
    target,
    secret: 'whsec_sender-test',
    payload: JSON.stringify({ id: deliveryId, event: 'video.ready', occurredAt: '2026-11-23T09:59:00.000Z', video: { title: 'Zürich' } }),
    ...overrides,
  };
};

describe('WebhookSender', () => {
  const receivers: WebhookReceiver[] = [];
  const receiver = async (...args: Parameters<typeof startWebhookReceiver>) => {
    const started = await startWebhookReceiver(...args);
    receivers.push(started);
    return started;
  };

  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((started) => started.close()));
  });

  it('POSTs the stored payload bytes, signed, with the delivery id and the send time', async () => {
    const target = await receiver();
    const notification = aNotification(`${target.url}?customer=42`);

    await sender().send(notification);

    expect(target.requests).toHaveLength(1);
    const [request] = target.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hooks?customer=42');
    expect(request?.body).toBe(notification.payload);
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': '24-Hour-Video-Webhooks/1.0',
      'x-webhook-id': notification.deliveryId,
      'x-webhook-timestamp': String(Date.parse('2026-11-23T10:00:00.000Z') / 1000),
    });
    const signature = { timestamp: String(request?.headers['x-webhook-timestamp']), rawBody: request?.body ?? '', signature: String(request?.headers['x-webhook-signature']), now: clock.now() };
    expect(verifyWebhookSignature({ secret: 'whsec_sender-test', ...signature })).toBe(true);
    expect(verifyWebhookSignature({ secret: 'whsec_other', ...signature })).toBe(false);
  });

  it('connects only to the address the guard checked, never asking DNS again', async () => {
    const target = await receiver();
    const port = new URL(target.url).port;
    const lookups: string[] = [];
    const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
      lookups.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const guard = new WebhookTargetGuard({ allowlist: parseAllowlist(['127.0.0.1']), resolve });

    // The name exists in no real DNS: the request can only arrive through the pinned address.
    await sender({ guard }).send(aNotification(`http://hooks.pinned.example:${port}/hooks`));

    expect(lookups).toEqual(['hooks.pinned.example']);
    expect(target.requests[0]?.headers.host).toBe(`hooks.pinned.example:${port}`);
  });

  it('refuses at send time a target that now resolves to a private address, without connecting', async () => {
    const target = await receiver();
    const port = new URL(target.url).port;
    const guard = new WebhookTargetGuard({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] });

    const sending = sender({ guard }).send(aNotification(`http://hooks.rebound.example:${port}/hooks`));

    await expect(sending).rejects.toThrow(new DeliveryFailedError('refused: resolves to a loopback address (127.0.0.1)'));
    expect(target.connections()).toBe(0);
  });

  it.each([
    [500, 'HTTP 500 from http://127.0.0.1:PORT/hooks'],
    [404, 'HTTP 404 from http://127.0.0.1:PORT/hooks'],
    [302, 'HTTP 302 from http://127.0.0.1:PORT/hooks (redirects are not followed)'],
  ])('fails an attempt answered %i, saying so', async (status, message) => {
    const elsewhere = await receiver();
    const target = await receiver(() => status, { location: elsewhere.url });

    await expect(sender().send(aNotification(`${target.url}?token=secret`))).rejects.toThrow(message.replace('PORT', new URL(target.url).port));

    expect(elsewhere.requests).toHaveLength(0);
  });

  it('fails an attempt nobody answers: connection refused', async () => {
    const port = await closedPort();
    await expect(sender().send(aNotification(`http://127.0.0.1:${port}/hooks`))).rejects.toThrow(new DeliveryFailedError(`connection refused by 127.0.0.1:${port}`));
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      await expect(sender({ timeoutMs: 150 }).send(aNotification(`http://127.0.0.1:${port}/slow`))).rejects.toThrow(
        new DeliveryFailedError(`timed out after 150 ms waiting for http://127.0.0.1:${port}/slow`),
      );
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('refuses to send a webhook without a secret', async () => {
    await expect(sender().send(aNotification('http://127.0.0.1:1/hooks', { secret: null }))).rejects.toThrow(DeliveryFailedError);
  });
});
