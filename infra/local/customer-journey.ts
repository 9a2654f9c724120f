import { execFile } from 'node:child_process';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, openAsBlob, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { locateMediaBinaries } from '../../core/media/adapters/media-binaries';

/**
 * The customer journey against a running system (`npm start`), as a customer would walk it:
 * sign up, subscribe a webhook and an e-mail, upload a video, wait until it is ready, read its
 * renditions and metadata, and check the signed webhook. Usage: `npm run journey [-- video-file]`.
 */

const api = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');

interface ReceivedWebhook {
  headers: IncomingMessage['headers'];
  body: string;
}

async function call<T>(method: string, route: string, options: { token?: string; json?: unknown; form?: FormData } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const body = options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const response = await fetch(`${api}${route}`, { method, headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A webhook receiver on this machine (allowed by npm start's WEBHOOK_ALLOWLIST). */
async function startReceiver(): Promise<{ url: string; received: ReceivedWebhook[]; close(): void }> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/24hv`, received, close: () => server.close() };
}

/** A 4-second 1280×720 test pattern with a tone, made with the ffmpeg installed from npm. */
async function makeDemoClip(): Promise<{ file: string; cleanup(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), '24hv-journey-'));
  const file = path.join(dir, 'journey-demo.mp4');
  const source = ['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=4', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4'];
  await promisify(execFile)(locateMediaBinaries().ffmpegPath, ['-nostdin', '-v', 'error', '-y', ...source, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Checks a webhook exactly as the contract tells customers to. */
function verifySignature(webhook: ReceivedWebhook, secret: string): boolean {
  const timestamp = String(webhook.headers['x-webhook-timestamp']);
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${webhook.body}`).digest('hex')}`);
  const actual = Buffer.from(String(webhook.headers['x-webhook-signature']));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

async function waitFor<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

async function main(): Promise<void> {
  const receiver = await startReceiver();
  const clip = process.argv[2] ? { file: path.resolve(process.argv[2]), cleanup: () => undefined } : await makeDemoClip();
  try {
    const email = `journey-${randomUUID().slice(0, 8)}@example.com`;
    const { token } = await call<{ token: string }>('POST', '/api/auth/signup', { json: { email, password: 'correct horse battery', name: 'Journey' } });
    console.log(`1. signed up as ${email}`);

    const webhook = await call<{ id: string; secret: string }>('POST', '/api/notifications/subscriptions', { token, json: { channel: 'webhook', target: receiver.url } });
    await call('POST', '/api/notifications/subscriptions', { token, json: { channel: 'email', target: email } });
    console.log(`2. subscribed a webhook (${receiver.url}) and an e-mail`);

    const form = new FormData();
    form.append('title', 'My first video');
    form.append('file', await openAsBlob(clip.file), path.basename(clip.file));
    const uploaded = await call<{ id: string; status: string }>('POST', '/api/videos', { token, form });
    console.log(`3. uploaded ${path.basename(clip.file)}: video ${uploaded.id} is ${uploaded.status}`);

    const video = await waitFor('the video to be ready', async () => {
      const current = await call<{ status: string; error: unknown; renditions: Array<Record<string, unknown>> }>('GET', `/api/videos/${uploaded.id}`, { token });
      return ['ready', 'failed'].includes(current.status) ? current : undefined;
    });
    if (video.status !== 'ready') throw new Error(`The video failed: ${JSON.stringify(video.error)}`);
    console.log('4. ready, with these renditions:');
    for (const rendition of video.renditions) {
      console.log(`   ${String(rendition.preset).padEnd(6)} ${String(rendition.status).padEnd(8)} ${rendition.url ?? ''} ${rendition.width ? `${rendition.width}x${rendition.height}` : ''}`);
    }

    const metadata = await call<{ durationSeconds: number; formatName: string; video: { codec: string; width: number; height: number } }>('GET', `/api/videos/${uploaded.id}/metadata`, { token });
    console.log(`5. metadata: ${metadata.durationSeconds} s, ${metadata.formatName}, ${metadata.video.codec} ${metadata.video.width}x${metadata.video.height}`);

    const received = await waitFor('the webhook', async () => receiver.received[0]);
    if (!verifySignature(received, webhook.secret)) throw new Error('The webhook signature does not verify');
    console.log(`6. webhook ${JSON.parse(received.body).event} received, signature verified (X-Webhook-Id ${received.headers['x-webhook-id']})`);

    const mail = await waitFor('the e-mail', async () => {
      const { deliveries } = await call<{ deliveries: Array<{ status: string }> }>('GET', '/api/notifications/deliveries', { token });
      return deliveries.length === 2 && deliveries.every((delivery) => delivery.status === 'delivered') ? deliveries : undefined;
    });
    const outbox = path.join(dataDir, 'mail-outbox');
    console.log(`7. ${mail.length} deliveries delivered; e-mails are in ${outbox} (${readdirSync(outbox).length} .eml files)`);
    console.log('The customer journey works.');
  } finally {
    receiver.close();
    clip.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
