import { mkdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen, serverUrl } from '../../core/process/serve';
import { waitUntil } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { makeCorruptVideo } from '../support/media-clips';
import { expectHealthy, scratchOf, startHostileSystem, type HostileSystem } from './hostile-system';

// Webhook targets that would make the platform call into its own network (SSRF): refused when the
// subscription is made, whatever spelling of the address is used, and never reached through a
// redirect at delivery time. Only 127.0.0.1 is allowlisted here, for the receiver that redirects.

const refusedTargets: [string, string][] = [
  ['another loopback address', 'http://127.0.0.2:8080/hook'],
  ['localhost', 'http://localhost/hook'],
  ['IPv6 loopback', 'http://[::1]/hook'],
  ['a 10/8 private address', 'http://10.0.0.1/hook'],
  ['a 172.16/12 private address', 'http://172.16.5.4/hook'],
  ['a 192.168/16 private address', 'http://192.168.1.1/hook'],
  ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
  ['the metadata address in decimal', 'http://2852039166/latest/meta-data/'],
  ['the metadata address in hexadecimal', 'http://0xa9fea9fe/latest/meta-data/'],
  ['the metadata address mapped into IPv6', 'http://[::ffff:169.254.169.254]/latest/meta-data/'],
  ['the AWS IPv6 metadata address', 'http://[fd00:ec2::254]/latest/meta-data/'],
  ['the GCP metadata host name', 'http://metadata.google.internal/computeMetadata/v1/'],
  ['an IPv6 link-local address', 'http://[fe80::1]/hook'],
  ['the unspecified address', 'http://0.0.0.0:3001/api/users/me'],
  ['a carrier-grade NAT address', 'http://100.64.0.1/hook'],
  ['a single-label internal name', 'http://redis:6379/'],
  ['a file URL', 'file:///etc/passwd'],
  ['a gopher URL aimed at Redis', 'gopher://127.0.0.1:6379/_FLUSHALL'],
  ['a javascript URL', 'javascript:alert(1)'],
  ['credentials in the URL', 'http://admin:secret@example.com/hook'],
];

describe('hostile webhook targets', () => {
  let system: HostileSystem;
  const subscribe = (target: string, events?: string[]) =>
    request(system.url).post('/api/notifications/subscriptions').set('authorization', `Bearer ${system.customer.token}`).send({ channel: 'webhook', target, ...(events ? { events } : {}) });

  beforeAll(async () => {
    system = await startHostileSystem({ monolithEnv: { WEBHOOK_ALLOWLIST: '127.0.0.1' } });
  });
  afterAll(() => system?.stop());
  afterEach(() => expectHealthy(system));

  it.each(refusedTargets)('refuses %s (%s) with 400 validation_failed on target', async (_name, target) => {
    const response = await subscribe(target);
    expectLegacyError(response, 400, 'validation_failed');
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(['target']);
  });

  describe('a receiver that redirects to an internal address', () => {
    let receiver: Server;
    let internal: Server;
    let internalHits = 0;

    beforeAll(async () => {
      internal = await listen((_req, res) => {
        internalHits += 1;
        res.end('internal secrets');
      }, 0, '127.0.0.2');
      const internalUrl = serverUrl(internal);
      receiver = await listen((_req, res) => {
        res.writeHead(302, { location: `${internalUrl}/latest/meta-data/` });
        res.end();
      }, 0, '127.0.0.1');
    });
    afterAll(async () => {
      for (const server of [receiver, internal]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('is never followed: the delivery fails, naming the redirect, and the internal address is never called', async () => {
      expect((await subscribe(`${serverUrl(receiver)}/hook`, ['video.failed'])).status).toBe(201);
      await mkdir(scratchOf(system), { recursive: true });
      const upload = await request(system.url)
        .post('/api/videos')
        .set('authorization', `Bearer ${system.customer.token}`)
        .attach('file', await readFile(await makeCorruptVideo(scratchOf(system))), { filename: 'broken.mp4', contentType: 'video/mp4' });
      expect(upload.status).toBe(201);

      const deliveries = await waitUntil(
        () => request(system.url).get('/api/notifications/deliveries').set('authorization', `Bearer ${system.customer.token}`),
        (response) => response.body.deliveries?.[0]?.status === 'failed',
        30_000,
      );
      expect(deliveries.body.deliveries[0]).toMatchObject({ event: 'video.failed', status: 'failed', lastError: expect.stringContaining('redirects are not followed') });
      expect(internalHits).toBe(0);
    }, 40_000);
  });
});
