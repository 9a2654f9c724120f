import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TranscodeJobEntity } from '../../core/transcoding/adapters/transcode-job.entity';
import { signUpCustomer, waitUntil, type Customer } from '../support/customer';
import { startLocalSystem, type LocalSystem, type ServiceName } from '../support/faults/local-system';
import { startWebhookReceiver, type WebhookReceiver } from '../support/faults/webhook-receiver';
import { exactlyOnceViolations, readLedger } from '../support/faults/work-ledger';
import { makeClip } from '../support/media-clips';

// A monolith killed in the middle of its own ffmpeg job, with transcoding on the monolith, is
// test/e2e/transcode-restart.test.ts. Here the other crashes: the runtime while a transcode it
// started runs, and whichever process sends a webhook while the receiver has not answered yet.

// A claim on a delivery outlives a crash of its sender by this long; short here, 60 s by default.
const leaseMs = 3_000;

describe('crash recovery: after a SIGKILL and a restart, every upload completes exactly once', () => {
  const clipDir = mkdtempSync(path.join(os.tmpdir(), '24hv-crash-clips-'));
  let shortClip: string;
  let longClip: string;
  let system: LocalSystem | undefined;
  let receiver: WebhookReceiver | undefined;

  beforeAll(async () => {
    shortClip = await makeClip(clipDir, { seconds: 1 });
    // Long enough at TRANSCODE_SPEED=veryfast to be caught in the middle (see transcode-restart.test.ts).
    longClip = await makeClip(clipDir, { width: 1280, height: 720, seconds: 10 });
  });

  afterEach(async () => {
    await system?.stop();
    await receiver?.close();
    system = receiver = undefined;
  });

  afterAll(() => rmSync(clipDir, { recursive: true, force: true }));

  /** A running system with a customer subscribed (webhook) to its videos' outcomes. */
  async function customerWithWebhook(env: Record<string, string> = {}): Promise<{ running: LocalSystem; customer: Customer; hook: WebhookReceiver; subscriptionId: string }> {
    const running = (system = await startLocalSystem({ DELIVERY_LEASE_MS: String(leaseMs), ...env }));
    const hook = (receiver = await startWebhookReceiver());
    const customer = await signUpCustomer(running.proxyUrl);
    const subscription = await customer.post('/api/notifications/subscriptions').send({ channel: 'webhook', target: `${hook.url}/hooks` }).expect(201);
    return { running, customer, hook, subscriptionId: subscription.body.id as string };
  }

  async function expectCompletedOnce(running: LocalSystem, customer: Customer, videoId: string, subscriptionId: string, hook: WebhookReceiver) {
    // Generous: a restarted runtime starts its functions cold, and the reconciler waits for work to go stale.
    const settled = await waitUntil(
      () => customer.get(`/api/videos/${videoId}`).expect(200),
      (response) => ['ready', 'failed'].includes(response.body.status as string),
      90_000,
      250,
    ).catch((error: unknown) => {
      const tail = (name: ServiceName) => running.process(name).output().split('\n').slice(-15).join('\n');
      throw new Error(`video ${videoId} never settled (${String(error).slice(0, 200)})\n--- runtime\n${tail('runtime')}\n--- monolith\n${tail('monolith')}`);
    });
    expect(settled.body).toMatchObject({ status: 'ready', error: null });
    const ledger = await waitUntil(
      () => readLedger(running.context.dataSource, videoId),
      (candidate) => candidate.deliveries.length > 0 && candidate.deliveries.every((delivery) => delivery.status !== 'pending'),
      60_000,
      200,
    );
    expect(exactlyOnceViolations(ledger, [subscriptionId])).toEqual([]);
    // At least once at the receiver, one delivery id: a receiver that deduplicates by X-Webhook-Id acts once.
    expect(new Set(hook.ids)).toEqual(new Set([await deliveryIdOf(running, videoId)]));
    expect(hook.answered).toHaveLength(1);
    return ledger;
  }

  async function deliveryIdOf(running: LocalSystem, videoId: string): Promise<string> {
    const [row] = await running.context.dataSource.query('SELECT id FROM deliveries WHERE video_id = ?', [videoId]);
    return (row as { id: string }).id;
  }

  it('finishes a transcode the runtime was handling when it was killed (transcoding on Lambda), with one job and one rendition per preset', async () => {
    // The reconciler at its pace in production's proportions: re-announcing a stuck video every 500 ms
    // (the test default) floods a runtime whose functions all start cold again after the crash.
    const { running, customer, hook, subscriptionId } = await customerWithWebhook({
      TRANSCODE_SPEED: 'veryfast',
      TRANSCODE_CONCURRENCY: '1',
      PIPELINE_RECONCILE_MS: '2000',
      PIPELINE_STALE_AFTER_MS: '6000',
    });
    await running.flip('transcoding', 'lambda');
    await running.flip('notifications', 'lambda');
    const videoId = (await customer.upload(longClip, 'crash the runtime').expect(201)).body.id as string;
    const jobs = running.context.dataSource.getRepository(TranscodeJobEntity);
    await waitUntil(() => jobs.findBy({ videoId }), (found) => found.length === 1 && found[0]!.status === 'processing' && found[0]!.progress >= 1, 90_000, 50);

    await running.crash('runtime');
    // The encode goes on in the monolith (the local MediaConvert) and ends while the runtime is
    // down: its COMPLETE event has nowhere to go, and only the reconciler can bring it back.
    const [ended] = await waitUntil(() => jobs.findBy({ videoId }), (found) => found[0]!.status === 'complete' || found[0]!.status === 'failed', 120_000, 200);
    expect(ended!.status).toBe('complete');
    await running.start('runtime');

    const ledger = await expectCompletedOnce(running, customer, videoId, subscriptionId, hook);
    expect(ledger.jobs).toEqual([{ status: 'complete', attempts: 1 }]);
  }, 300_000);

  it.each<{ crashed: ServiceName; notificationsOn: 'legacy' | 'lambda' }>([
    { crashed: 'monolith', notificationsOn: 'legacy' },
    { crashed: 'runtime', notificationsOn: 'lambda' },
  ])('delivers a webhook once more after the $crashed is killed while sending it (notifications on $notificationsOn), one delivered delivery', async ({ crashed, notificationsOn }) => {
    const { running, customer, hook, subscriptionId } = await customerWithWebhook();
    await running.flip('notifications', notificationsOn);
    // The first attempt hangs: the sender is waiting on the receiver when it dies.
    hook.behave((index) => (index === 0 ? 'hang' : 'answer'));
    const videoId = (await customer.upload(shortClip, 'crash the sender').expect(201)).body.id as string;
    await waitUntil(async () => hook.ids.length, (count) => count >= 1, 120_000, 50);

    await running.crash(crashed);
    await running.start(crashed);

    const ledger = await expectCompletedOnce(running, customer, videoId, subscriptionId, hook);
    expect(hook.ids.length).toBeGreaterThanOrEqual(2);
    expect(ledger.deliveries).toEqual([expect.objectContaining({ status: 'delivered' })]);
  }, 240_000);
});
