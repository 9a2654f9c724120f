import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { engineersWebhook } from './engineers-webhook';
import type { RolloutNotice } from './rollout-controller';

const notice: RolloutNotice = {
  kind: 'rollback',
  scope: 'capability',
  name: 'auth',
  from: 'canary 20%',
  to: 'legacy',
  reason: 'automatic rollback: error rate 25.0%',
  evidence: { lambda: { requests: 20, errors: 5, errorRate: 0.25, p99Ms: 12 }, legacy: { requests: 80, errors: 0, errorRate: 0, p99Ms: 10 } },
  at: '2026-11-23T10:00:00.000Z',
};

describe('engineersWebhook', () => {
  const servers: Array<ReturnType<typeof createServer>> = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  /** A receiver answering `status`, remembering what it got. */
  async function receiver(status: number) {
    const received: Array<{ headers: IncomingMessage['headers']; body: unknown }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(body) });
        res.writeHead(status).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/strangler`, received };
  }

  it('posts the notice as JSON', async () => {
    const { url, received } = await receiver(204);
    await engineersWebhook(url)(notice);
    expect(received).toEqual([{ headers: expect.objectContaining({ 'content-type': 'application/json' }), body: { event: 'strangler.rollback', ...notice } }]);
  });

  it('fails when the receiver refuses, so the controller logs it', async () => {
    const { url } = await receiver(500);
    await expect(engineersWebhook(url)(notice)).rejects.toThrow(/answered 500/);
  });

  it('does nothing without a URL: the log line is the notice', async () => {
    await expect(engineersWebhook(undefined)(notice)).resolves.toBeUndefined();
  });
});
