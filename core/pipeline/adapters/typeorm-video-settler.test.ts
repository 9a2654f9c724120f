import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { DeliveryEntity } from '../../notifications/adapters/delivery.entity';
import { insertSubscription, insertUser } from '../../notifications/notifications-test-kit';
import { TypeormVideoStore } from '../../videos/adapters/typeorm-video.store';
import { aReadyRendition, aVideo, insertRendition, insertVideo } from '../../videos/videos-test-kit';
import { TypeormVideoOutcomeRecorder } from './typeorm-video-outcome.recorder';

const finishedAt = new Date('2026-11-23T10:02:00.000Z');

describe.each(engines)('TypeormVideoOutcomeRecorder on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let recorder: TypeormVideoOutcomeRecorder;
  let videos: TypeormVideoStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    recorder = new TypeormVideoOutcomeRecorder(dataSource);
    videos = new TypeormVideoStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  const deliveriesOf = (ownerId: string) => dataSource.getRepository(DeliveryEntity).findBy({ ownerId });

  /** A video being transcoded for a new owner, with a ready 480p rendition. */
  async function aTranscodingVideo() {
    const ownerId = await insertUser(dataSource);
    const video = await insertVideo(dataSource, aVideo({ ownerId, status: 'transcoding' }));
    await insertRendition(dataSource, aReadyRendition({ videoId: video.id, preset: '480p' }));
    return { ownerId, video };
  }

  it('marks the video ready and queues a delivery for each of the owner’s subscriptions to video.ready', async () => {
    const { ownerId, video } = await aTranscodingVideo();
    const both = await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/all' });
    const readyOnly = await insertSubscription(dataSource, { ownerId, channel: 'email', target: 'ada@example.com', secret: null, events: ['video.ready'] });
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/failures', events: ['video.failed'] });
    const strangerId = await insertUser(dataSource);
    await insertSubscription(dataSource, { ownerId: strangerId, target: 'https://hooks.example.com/stranger' });
    const eventKey = `video.ready:${video.id}:${randomUUID()}`;

    const view = await recorder.record(video.id, { status: 'ready' }, eventKey, finishedAt);

    expect(view).toMatchObject({ id: video.id, status: 'ready', error: null, updatedAt: finishedAt.toISOString() });
    expect(view?.renditions.map((rendition) => rendition.preset)).toEqual(['480p']);
    expect(await videos.findById(video.id)).toMatchObject({ status: 'ready', error: null, updatedAt: finishedAt });
    const deliveries = await deliveriesOf(ownerId);
    expect(deliveries.map((delivery) => delivery.subscriptionId).sort()).toEqual([both.id, readyOnly.id].sort());
    for (const delivery of deliveries) expect(delivery).toMatchObject({ event: 'video.ready', eventKey, videoId: video.id, status: 'pending', createdAt: finishedAt });
    expect(await deliveriesOf(strangerId)).toEqual([]);
  });

  it('puts the Video JSON, as now shown, in the delivery body', async () => {
    const { ownerId, video } = await aTranscodingVideo();
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/all' });

    const view = await recorder.record(video.id, { status: 'ready' }, `video.ready:${video.id}:${randomUUID()}`, finishedAt);

    const [delivery] = await deliveriesOf(ownerId);
    const body = JSON.parse(delivery!.payload) as Record<string, unknown>;
    expect(body).toEqual({ id: delivery!.id, event: 'video.ready', occurredAt: finishedAt.toISOString(), video: JSON.parse(JSON.stringify(view)) });
    expect(body.video).toMatchObject({ status: 'ready', title: video.title, sourceSizeBytes: video.sourceSizeBytes });
  });

  it('marks the video failed with its reason and notifies the subscriptions to video.failed', async () => {
    const { ownerId, video } = await aTranscodingVideo();
    const failures = await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/failures', events: ['video.failed'] });
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/ready', events: ['video.ready'] });
    const error = { code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' };

    const view = await recorder.record(video.id, { status: 'failed', error }, `video.failed:${video.id}:${randomUUID()}`, finishedAt);

    expect(view).toMatchObject({ status: 'failed', error });
    expect(await videos.findById(video.id)).toMatchObject({ status: 'failed', error });
    const deliveries = await deliveriesOf(ownerId);
    expect(deliveries.map((delivery) => [delivery.subscriptionId, delivery.event])).toEqual([[failures.id, 'video.failed']]);
    expect((JSON.parse(deliveries[0]!.payload) as { video: unknown }).video).toMatchObject({ status: 'failed', error });
  });

  it('clears an earlier failure when the video ends ready', async () => {
    const ownerId = await insertUser(dataSource);
    const video = await insertVideo(dataSource, aVideo({ ownerId, status: 'failed', error: { code: 'transcode_failed', message: 'first attempt' } }));

    const view = await recorder.record(video.id, { status: 'ready' }, `video.ready:${video.id}:${randomUUID()}`, finishedAt);

    expect(view?.error).toBeNull();
    expect((await videos.findById(video.id))?.error).toBeNull();
  });

  it('adds no delivery when the same outcome is recorded again (a replayed event)', async () => {
    const { ownerId, video } = await aTranscodingVideo();
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/all' });
    const eventKey = `video.ready:${video.id}:${randomUUID()}`;
    await recorder.record(video.id, { status: 'ready' }, eventKey, finishedAt);

    const replayed = await recorder.record(video.id, { status: 'ready' }, eventKey, new Date('2026-11-23T10:03:00.000Z'));

    expect(replayed?.status).toBe('ready');
    expect(await deliveriesOf(ownerId)).toHaveLength(1);
  });

  it('queues new deliveries for the outcome of a later job', async () => {
    const { ownerId, video } = await aTranscodingVideo();
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/all' });
    await recorder.record(video.id, { status: 'ready' }, `video.ready:${video.id}:${randomUUID()}`, finishedAt);

    await recorder.record(video.id, { status: 'ready' }, `video.ready:${video.id}:${randomUUID()}`, finishedAt);

    expect(await deliveriesOf(ownerId)).toHaveLength(2);
  });

  it('answers undefined, queueing nothing, for a video that no longer exists', async () => {
    const ownerId = await insertUser(dataSource);
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/all' });
    const videoId = randomUUID();

    expect(await recorder.record(videoId, { status: 'ready' }, `video.ready:${videoId}:${randomUUID()}`, finishedAt)).toBeUndefined();

    expect(await dataSource.getRepository(DeliveryEntity).countBy({ videoId })).toBe(0);
  });
});
