import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import * as z from 'zod';
import { positiveIntVariable, readEnv } from '../../core/config/read-env';
import { DeadLetterEntity } from '../../core/events/adapters/dead-letter.entity';
import type { Capability } from '../../core/flags/capabilities';
import { runMain } from '../../core/process/run-main';
import { functionRegistry } from '../../extracted-functions/registry';
import { startLocalSystem, type LocalSystem, type ServiceName } from '../support/faults/local-system';
import { startWebhookReceiver, type WebhookReceiver } from '../support/faults/webhook-receiver';
import { exactlyOnceViolations, readLedger } from '../support/faults/work-ledger';
import { makeClip } from '../support/media-clips';

// `npm run soak`: the whole local system (runtime, monolith, proxy as processes) under a steady
// customer journey for SOAK_SECONDS, flipping a capability every SOAK_FLIP_SECONDS and failing
// SOAK_FAILURE_RATE of every function's invocations; then a reconciliation of everything uploaded
// against the database and the webhook receiver. Loopback only. Writes bench/results/soak-latest.json.

const settings = readEnv(
  z.object({
    SOAK_SECONDS: positiveIntVariable(180),
    SOAK_JOURNEY_INTERVAL_MS: positiveIntVariable(2_000),
    SOAK_FLIP_SECONDS: positiveIntVariable(5),
    SOAK_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.1),
  }),
);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const flipped: readonly Capability[] = ['auth', 'transcoding', 'metadata', 'notifications'];
const services: readonly ServiceName[] = ['proxy', 'monolith', 'runtime'];

interface Tally {
  responses: number;
  byStatus: Record<string, number>;
  /** Error answers that were not exactly the legacy error shape. */
  nonLegacy: string[];
  journeysStarted: number;
  journeysCompleted: number;
  journeyFailures: string[];
  flips: number;
}

const tally: Tally = { responses: 0, byStatus: {}, nonLegacy: [], journeysStarted: 0, journeysCompleted: 0, journeyFailures: [], flips: 0 };

/** Counts a response and checks an error answer is `{"error":{"code","message"}}` as JSON. */
function record(call: string, response: request.Response): request.Response {
  tally.responses += 1;
  tally.byStatus[response.status] = (tally.byStatus[response.status] ?? 0) + 1;
  if (response.status >= 400) {
    const body = response.body as { error?: { code?: unknown; message?: unknown } };
    const legacy =
      String(response.headers['content-type']).startsWith('application/json') &&
      Object.keys(body).join() === 'error' &&
      typeof body.error?.code === 'string' &&
      typeof body.error.message === 'string';
    if (!legacy) tally.nonLegacy.push(`${call}: ${response.status} ${response.text.slice(0, 200)}`);
  }
  return response;
}

/** Sends a call until it gets an answer that is not a 5xx (customers retry those), at most 8 times. */
async function withRetries(call: string, send: () => request.Test): Promise<request.Response> {
  for (let attempt = 1; ; attempt += 1) {
    const response = record(call, await send().ok(() => true));
    if (response.status < 500 || attempt === 8) return response;
    await sleep(250 * attempt);
  }
}

interface Upload {
  videoId: string;
  subscriptionId: string;
}

/** One customer: sign up, subscribe a webhook, upload, wait for the outcome, read what it produced. */
async function journey(proxyUrl: string, receiver: WebhookReceiver, clip: string, index: number, uploads: Upload[]): Promise<void> {
  const api = () => request(proxyUrl);
  const email = `soak-${index}-${Date.now()}@example.com`;
  let signup = await withRetries('signup', () => api().post('/api/auth/signup').send({ email, password: 'correct horse battery', name: `Soak ${index}` }));
  // A signup whose answer was lost may still have been made: log in instead.
  if (signup.status === 409) signup = await withRetries('login', () => api().post('/api/auth/login').send({ email, password: 'correct horse battery' }));
  if (signup.status !== 201 && signup.status !== 200) throw new Error(`signup answered ${signup.status}`);
  const bearer = `Bearer ${signup.body.token as string}`;
  const subscription = await withRetries('subscribe', () =>
    api().post('/api/notifications/subscriptions').set('authorization', bearer).send({ channel: 'webhook', target: `${receiver.url}/hooks/${index}` }),
  );
  if (subscription.status !== 201) throw new Error(`subscribe answered ${subscription.status}`);
  const upload = await withRetries('upload', () => api().post('/api/videos').set('authorization', bearer).field('title', `soak ${index}`).attach('file', clip));
  if (upload.status !== 201) throw new Error(`upload answered ${upload.status}`);
  const videoId = upload.body.id as string;
  uploads.push({ videoId, subscriptionId: subscription.body.id as string });
  const deadline = Date.now() + 180_000;
  let status = 'uploaded';
  while (status !== 'ready' && status !== 'failed') {
    if (Date.now() > deadline) throw new Error(`video ${videoId} still ${status} after 180 s`);
    await sleep(500);
    const read = await withRetries('get video', () => api().get(`/api/videos/${videoId}`).set('authorization', bearer));
    status = read.status === 200 ? (read.body.status as string) : status;
  }
  if (status === 'ready') {
    await withRetries('rendition', () => api().get(`/api/videos/${videoId}/renditions/480p`).set('authorization', bearer));
    await withRetries('metadata', () => api().get(`/api/videos/${videoId}/metadata`).set('authorization', bearer));
  }
  await withRetries('me', () => api().get('/api/users/me').set('authorization', bearer));
  await withRetries('deliveries', () => api().get('/api/notifications/deliveries').set('authorization', bearer));
}

/** Resident memory of a process (MiB), from /proc. */
function rssMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : null;
}
const rssOf = (system: LocalSystem) => Object.fromEntries(services.map((name) => [name, rssMiB(system.process(name).child.pid)]));

async function main(): Promise<void> {
  const clipDir = mkdtempSync(path.join(os.tmpdir(), '24hv-soak-'));
  const clip = await makeClip(clipDir, { seconds: 1 });
  const system = await startLocalSystem({ TRANSCODE_SPEED: 'ultrafast', LOG_LEVEL: 'error', DELIVERY_LEASE_MS: '10000' });
  const receiver = await startWebhookReceiver();
  const startedAt = new Date();
  try {
    for (const { name } of functionRegistry) system.setFault(name, { mode: 'throw', rate: settings.SOAK_FAILURE_RATE });
    // Warm-up: one journey before memory is measured, so the start figures include loaded code.
    const uploads: Upload[] = [];
    await journey(system.proxyUrl, receiver, clip, 0, uploads);
    const rssStart = rssOf(system);
    console.log(`soak: ${settings.SOAK_SECONDS} s, a journey every ${settings.SOAK_JOURNEY_INTERVAL_MS} ms, a flip every ${settings.SOAK_FLIP_SECONDS} s, ${settings.SOAK_FAILURE_RATE * 100}% of invocations fail; RSS at start ${JSON.stringify(rssStart)} MiB`);

    const endAt = Date.now() + settings.SOAK_SECONDS * 1000;
    const flipping = (async () => {
      const states = new Map<Capability, 'legacy' | 'lambda'>(flipped.map((capability) => [capability, 'legacy']));
      for (let turn = 0; Date.now() < endAt; turn += 1) {
        await sleep(settings.SOAK_FLIP_SECONDS * 1000);
        const capability = flipped[turn % flipped.length]!;
        const next = states.get(capability) === 'legacy' ? 'lambda' : 'legacy';
        await system.flip(capability, next);
        states.set(capability, next);
        tally.flips += 1;
      }
    })();
    const journeys: Array<Promise<void>> = [];
    for (let index = 1; Date.now() < endAt; index += 1) {
      tally.journeysStarted += 1;
      journeys.push(
        journey(system.proxyUrl, receiver, clip, index, uploads).then(
          () => void (tally.journeysCompleted += 1),
          (error: unknown) => void tally.journeyFailures.push(`journey ${index}: ${error instanceof Error ? error.message : String(error)}`),
        ),
      );
      await sleep(settings.SOAK_JOURNEY_INTERVAL_MS);
    }
    await flipping;
    await Promise.all(journeys);
    const rssEnd = rssOf(system);

    // Deliveries still waiting for a retry are given time to end before anything is counted.
    const settleDeadline = Date.now() + 60_000;
    let ledgers = await Promise.all(uploads.map(({ videoId }) => readLedger(system.context.dataSource, videoId)));
    while (ledgers.some((ledger) => ledger.deliveries.length === 0 || ledger.deliveries.some((delivery) => delivery.status === 'pending')) && Date.now() < settleDeadline) {
      await sleep(1_000);
      ledgers = await Promise.all(uploads.map(({ videoId }) => readLedger(system.context.dataSource, videoId)));
    }
    const violations = ledgers.flatMap((ledger, index) => exactlyOnceViolations(ledger, [uploads[index]!.subscriptionId]));
    const deliveredIds = new Set(receiver.answered);
    const duplicatesAtReceiver = receiver.answered.length - deliveredIds.size;
    const deadLetters = await system.context.dataSource.getRepository(DeadLetterEntity).count();
    const statuses = ledgers.reduce<Record<string, number>>((counts, ledger) => ({ ...counts, [ledger.status ?? 'missing']: (counts[ledger.status ?? 'missing'] ?? 0) + 1 }), {});

    const result = {
      startedAt: startedAt.toISOString(),
      settings,
      journeys: { started: tally.journeysStarted + 1, completed: tally.journeysCompleted + 1, failed: tally.journeyFailures },
      uploads: { total: uploads.length, byStatus: statuses },
      flips: tally.flips,
      responses: { total: tally.responses, byStatus: tally.byStatus, nonLegacyErrors: tally.nonLegacy },
      exactlyOnceViolations: violations,
      webhooks: { requests: receiver.ids.length, answered: receiver.answered.length, distinctDelivered: deliveredIds.size, duplicatesAtReceiver },
      deadLetters,
      rssMiB: { start: rssStart, end: rssEnd },
    };
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    writeFileSync(path.join(root, 'bench/results/soak-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
    const passed = violations.length === 0 && tally.nonLegacy.length === 0 && tally.journeyFailures.length === 0;
    console.log(passed ? 'soak passed: no work lost or duplicated, every error in the legacy format' : 'soak FAILED: see above');
    process.exitCode = passed ? 0 : 1;
  } finally {
    await receiver.close();
    await system.stop();
    rmSync(clipDir, { recursive: true, force: true });
  }
}

runMain(main);
