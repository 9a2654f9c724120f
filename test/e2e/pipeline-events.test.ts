import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaClient } from '../../core/events/adapters/create-lambda-client';
import { invokeAsync } from '../../core/events/adapters/invoke-async';
import { DeadLetterEntity } from '../../core/events/adapters/dead-letter.entity';
import { toS3ObjectCreatedEvent } from '../../core/events/s3-event';
import { toSnsEnvelope } from '../../core/events/sns-envelope';
import { startWebhookReceiver, type WebhookReceiver } from '../../core/notifications/notifications-test-kit';
import { DeliveryEntity } from '../../core/notifications/adapters/delivery.entity';
import { localBucket } from '../../core/pipeline/create-pipeline';
import { videoOutcomeTopicArn } from '../../core/pipeline/topics';
import { TranscodeJobEntity } from '../../core/transcoding/adapters/transcode-job.entity';
import { RenditionEntity } from '../../core/videos/adapters/rendition.entity';
import { aVideo, insertVideo } from '../../core/videos/videos-test-kit';
import { sourceKeyOf } from '../../core/videos/video-keys';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import type { LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import { signUpCustomer, waitForSettledVideo, waitUntil, type Customer } from '../support/customer';
import { makeClip } from '../support/media-clips';
import { flip, startMonolith, startProxy, startRuntime, stopMonolith, testAdminToken, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

// The whole system as `npm start` runs it (runtime, monolith with its events through the runtime, proxy) on SQLite.
describe('the event pipeline across the monolith and the Lambdas', () => {
  let context: ServingContext;
  let runtime: LambdaRuntime;
  let monolith: Awaited<ReturnType<typeof startMonolith>>;
  let proxy: EdgeProxy;
  let receiver: WebhookReceiver;
  let customer: Customer;
  let clipsDir: string;
  let clip: string;

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    clipsDir = mkdtempSync(path.join(os.tmpdir(), '24hv-flip-clips-'));
    // Long enough (at the fastest speed) for a flip to land while its job runs.
    clip = await makeClip(clipsDir, { width: 854, height: 480, seconds: 6 });
    runtime = await startRuntime(context);
    monolith = await startMonolith(context, runtime.url);
    proxy = await startProxy(context, { legacyUrl: monolith.url, lambdaEndpoint: runtime.url });
    receiver = await startWebhookReceiver();
    customer = await signUpCustomer(proxy.app);
    await customer.post('/api/notifications/subscriptions').send({ channel: 'webhook', target: receiver.url }).expect(201);
    await customer.post('/api/notifications/subscriptions').send({ channel: 'email', target: 'flips@example.com', events: ['video.ready'] }).expect(201);
  });

  afterAll(async () => {
    await proxy?.close();
    if (monolith) await stopMonolith(monolith);
    await runtime?.close();
    await receiver?.close();
    await context?.dataSource.destroy();
    await context?.database.dispose();
    rmSync(clipsDir, { recursive: true, force: true });
  });

  const jobsOf = (videoId: string) => context.dataSource.getRepository(TranscodeJobEntity).findBy({ videoId });
  const deliveriesOf = (videoId: string) => context.dataSource.getRepository(DeliveryEntity).findBy({ videoId });
  const postsFor = (videoId: string) => receiver.requests.filter((received) => (JSON.parse(received.body) as { video: { id: string } }).video.id === videoId);

  /** Uploads the clip and waits until its job is encoding, the middle of the pipeline. */
  async function uploadAndWaitForEncoding(): Promise<string> {
    const videoId = (await customer.upload(clip).expect(201)).body.id as string;
    await waitUntil(() => jobsOf(videoId), (jobs) => jobs.some((job) => job.status === 'processing'), 30_000, 50);
    return videoId;
  }

  /** Ready, one job, one rendition per preset, and exactly one delivery (and one POST) per subscription. */
  async function expectProcessedExactlyOnce(videoId: string): Promise<void> {
    const video = await waitForSettledVideo(customer, videoId);
    expect(video.status).toBe('ready');
    expect(await jobsOf(videoId)).toEqual([expect.objectContaining({ status: 'complete' })]);
    expect((await context.dataSource.getRepository(RenditionEntity).findBy({ videoId })).map((rendition) => rendition.preset).sort()).toEqual(['1080p', '480p', '720p', 'hls']);
    const deliveries = await waitUntil(() => deliveriesOf(videoId), (rows) => rows.length === 2 && rows.every((row) => row.status === 'delivered'), 30_000, 100);
    expect(new Set(deliveries.map((delivery) => delivery.subscriptionId)).size).toBe(2);
    // Late duplicates would arrive within the reconciler's and the schedule's periods.
    await sleep(1500);
    expect(await deliveriesOf(videoId)).toHaveLength(2);
    expect(postsFor(videoId)).toHaveLength(1);
  }

  it('loses and duplicates nothing when transcoding moves to its Lambda mid-pipeline, and back', async () => {
    const toLambda = await uploadAndWaitForEncoding();
    await flip(proxy, 'transcoding', 'lambda', 'mid-pipeline test');
    await expectProcessedExactlyOnce(toLambda);

    const backToLegacy = await uploadAndWaitForEncoding();
    await flip(proxy, 'transcoding', 'legacy', 'mid-pipeline test');
    await expectProcessedExactlyOnce(backToLegacy);
  });

  it('loses and duplicates nothing when notifications move to their Lambda mid-pipeline, and back', async () => {
    const toLambda = await uploadAndWaitForEncoding();
    await flip(proxy, 'notifications', 'lambda', 'mid-pipeline test');
    await expectProcessedExactlyOnce(toLambda);

    const backToLegacy = await uploadAndWaitForEncoding();
    await flip(proxy, 'notifications', 'legacy', 'mid-pipeline test');
    await expectProcessedExactlyOnce(backToLegacy);
  });

  it('makes one job and one delivery per subscription of duplicated and reordered events', async () => {
    await flip(proxy, 'transcoding', 'lambda', 'duplicates test');
    await flip(proxy, 'notifications', 'lambda', 'duplicates test');
    const videoId = (await customer.upload(clip).expect(201)).body.id as string;
    const client = createLambdaClient({ endpoint: runtime.url, region: 'us-east-1' });
    const stored = toS3ObjectCreatedEvent({ bucket: localBucket, key: sourceKeyOf(videoId), sizeBytes: 1, eTag: '', time: new Date() });
    // The upload's own event, plus three copies to each side, at once.
    await Promise.all(['transcoding', 'legacy-monolith', 'transcoding', 'metadata', 'transcoding'].map((fn) => invokeAsync(client, fn, JSON.stringify(stored))));
    await waitForSettledVideo(customer, videoId);
    const [event] = await waitUntil(() => context.dataSource.query(`SELECT event_key FROM video_events WHERE video_id = ?`, [videoId]) as Promise<Array<{ event_key: string }>>, (rows) => rows.length === 1, 10_000, 100);
    // The outcome announced again, twice, and a stored-object event arriving after everything.
    const outcome = toSnsEnvelope({ topicArn: videoOutcomeTopicArn, subject: 'video.ready', message: { eventKey: event!.event_key }, time: new Date() });
    await Promise.all([invokeAsync(client, 'notifications', JSON.stringify(outcome)), invokeAsync(client, 'notifications', JSON.stringify(outcome)), invokeAsync(client, 'transcoding', JSON.stringify(stored))]);
    await expectProcessedExactlyOnce(videoId);
    await flip(proxy, 'transcoding', 'legacy', 'duplicates test done');
    await flip(proxy, 'notifications', 'legacy', 'duplicates test done');
  });

  it('dead-letters an event that fails three times, and replays it without duplicates', async () => {
    await flip(proxy, 'transcoding', 'lambda', 'dead letter test');
    // A source in storage whose video is not registered: every attempt fails (the row may still be coming).
    const video = aVideo({ ownerId: customer.userId, status: 'uploaded', createdAt: new Date(), updatedAt: new Date() });
    const sourceFile = path.join(context.database.config.dataDir, 'storage', sourceKeyOf(video.id));
    mkdirSync(path.dirname(sourceFile), { recursive: true });
    writeFileSync(sourceFile, 'not registered yet');
    const client = createLambdaClient({ endpoint: runtime.url, region: 'us-east-1' });
    const payload = JSON.stringify(toS3ObjectCreatedEvent({ bucket: localBucket, key: sourceKeyOf(video.id), sizeBytes: 18, eTag: '', time: new Date() }));
    await invokeAsync(client, 'transcoding', payload);

    const [letter] = await waitUntil(() => context.dataSource.getRepository(DeadLetterEntity).findBy({ functionName: 'transcoding' }), (rows) => rows.length === 1, 20_000, 100);
    expect(letter).toMatchObject({ payload, errorType: 'SourceNotRegisteredError', attempts: 3, replayedAt: null });
    const listed = await request(proxy.app).get('/_strangler/api/dead-letters').set('authorization', `Bearer ${testAdminToken}`).expect(200);
    expect(listed.body.deadLetters).toContainEqual(expect.objectContaining({ id: letter!.id, functionName: 'transcoding', attempts: 3, event: JSON.parse(payload) }));

    // The cause goes away (the video is registered); replayed twice, the event makes one job.
    await insertVideo(context.dataSource, { ...video, sourceKey: sourceKeyOf(video.id) });
    for (let replay = 0; replay < 2; replay += 1) {
      const replayed = await request(proxy.app).post(`/_strangler/api/dead-letters/${letter!.id}/replay`).set('authorization', `Bearer ${testAdminToken}`).expect(202);
      expect(replayed.body.deadLetter).toMatchObject({ id: letter!.id, replayedAt: expect.any(String) });
    }
    await waitUntil(() => jobsOf(video.id), (jobs) => jobs.length > 0, 20_000, 100);
    await sleep(1000);
    expect(await jobsOf(video.id)).toHaveLength(1);
    await request(proxy.app).post('/_strangler/api/dead-letters/00000000-0000-4000-8000-000000000000/replay').set('authorization', `Bearer ${testAdminToken}`).expect(404);
    await flip(proxy, 'transcoding', 'legacy', 'dead letter test done');
  });
});
