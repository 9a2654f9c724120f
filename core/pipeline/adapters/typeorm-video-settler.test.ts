import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { TypeormMetadataStore } from '../../metadata/adapters/typeorm-metadata.store';
import { DeliveryEntity } from '../../notifications/adapters/delivery.entity';
import { TypeormVideoEventFanOut } from '../../notifications/adapters/typeorm-video-event-fan-out';
import { insertSubscription, insertUser } from '../../notifications/notifications-test-kit';
import { TranscodeJobEntity } from '../../transcoding/adapters/transcode-job.entity';
import { TypeormVideoStore } from '../../videos/adapters/typeorm-video.store';
import { aReadyRendition, aVideo, insertRendition, insertVideo } from '../../videos/videos-test-kit';
import type { Rendition } from '../../videos/video';
import { TypeormVideoSettler } from './typeorm-video-settler';

const finishedAt = new Date('2026-11-23T10:02:00.000Z');

describe.each(engines)('TypeormVideoSettler and the fan-out on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let settler: TypeormVideoSettler;
  let fanOut: TypeormVideoEventFanOut;
  let videos: TypeormVideoStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    settler = new TypeormVideoSettler(dataSource);
    fanOut = new TypeormVideoEventFanOut(dataSource);
    videos = new TypeormVideoStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  const deliveriesOf = (ownerId: string) => dataSource.getRepository(DeliveryEntity).findBy({ ownerId });

  async function insertJob(videoId: string, status: TranscodeJobEntity['status'], error?: { code: string; message: string }): Promise<string> {
    const id = randomUUID();
    await dataSource.getRepository(TranscodeJobEntity).insert({
      id, videoId, status, presets: '["480p"]', progress: 100, attempts: 1, idempotencyKey: null,
      errorCode: error?.code ?? null, errorMessage: error?.message ?? null, createdAt: finishedAt, startedAt: finishedAt, completedAt: finishedAt,
    });
    return id;
  }

  async function insertMetadata(videoId: string): Promise<void> {
    await new TypeormMetadataStore(dataSource).save({
      videoId, formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSeconds: 2, sizeBytes: 1000, bitRate: 4000,
      video: { codec: 'h264', width: 854, height: 480, frameRate: 25, pixelFormat: 'yuv420p' }, audio: null, extractedAt: finishedAt,
    });
  }

  /** A video being transcoded, with a ready 480p rendition and (unless told otherwise) its metadata and a complete job. */
  async function aTranscodingVideo({ job = 'complete', metadata = true, rendition = {} }: { job?: TranscodeJobEntity['status'] | 'none'; metadata?: boolean; rendition?: Partial<Rendition> } = {}) {
    const ownerId = await insertUser(dataSource);
    const video = await insertVideo(dataSource, aVideo({ ownerId, status: 'transcoding' }));
    await insertRendition(dataSource, aReadyRendition({ videoId: video.id, preset: '480p', ...rendition }));
    const jobId = job === 'none' ? undefined : await insertJob(video.id, job);
    if (metadata) await insertMetadata(video.id);
    return { ownerId, video, jobId };
  }

  it('makes a video ready once its job completed and its metadata is in, recording the event to announce', async () => {
    const { ownerId, video, jobId } = await aTranscodingVideo();

    const event = await settler.settle(video.id, finishedAt);

    expect(event).toMatchObject({ key: `video.ready:${video.id}:${jobId}`, name: 'video.ready', ownerId, videoId: video.id, occurredAt: finishedAt });
    expect(event?.video).toMatchObject({ id: video.id, status: 'ready', error: null, updatedAt: finishedAt.toISOString() });
    expect(await videos.findById(video.id)).toMatchObject({ status: 'ready', error: null, updatedAt: finishedAt });
    expect(await settler.unannounced(new Date(finishedAt.getTime() + 1), 100)).toContainEqual(event);
  });

  it('leaves a video in processing while its job or its metadata is missing', async () => {
    for (const setup of [{ metadata: false }, { job: 'processing' as const }, { job: 'none' as const }]) {
      const { video } = await aTranscodingVideo(setup);
      expect(await settler.settle(video.id, finishedAt)).toBeUndefined();
      expect((await videos.findById(video.id))?.status).toBe('transcoding');
    }
  });

  it('settles a video once, however many steps ask at the same moment', async () => {
    const { video } = await aTranscodingVideo();

    const events = await Promise.all([settler.settle(video.id, finishedAt), settler.settle(video.id, finishedAt), settler.settle(video.id, finishedAt)]);

    expect(events.filter(Boolean)).toHaveLength(1);
  });

  it('fails a video whose job failed, with the job’s reason, without waiting for metadata', async () => {
    const ownerId = await insertUser(dataSource);
    const video = await insertVideo(dataSource, aVideo({ ownerId, status: 'transcoding' }));
    const error = { code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' };
    const jobId = await insertJob(video.id, 'failed', error);

    const event = await settler.settle(video.id, finishedAt);

    expect(event).toMatchObject({ key: `video.failed:${video.id}:${jobId}`, name: 'video.failed', video: { status: 'failed', error } });
  });

  it('fails a video for a reason found outside its job, and its pending renditions with it', async () => {
    const { video } = await aTranscodingVideo({ job: 'processing', metadata: false, rendition: { status: 'pending', storageKey: null } });
    const error = { code: 'media_unreadable', message: 'The file could not be read as video' };

    const event = await settler.fail(video.id, error, finishedAt);

    expect(event?.video).toMatchObject({ status: 'failed', error, renditions: [expect.objectContaining({ status: 'failed' })] });
    expect(await settler.fail(video.id, error, finishedAt)).toBeUndefined();
  });

  it('leaves the failure to the job when the video has none yet, so only one outcome is ever announced', async () => {
    const { video } = await aTranscodingVideo({ job: 'none', metadata: false });

    expect(await settler.fail(video.id, { code: 'media_unreadable', message: 'unreadable' }, finishedAt)).toBeUndefined();
    expect((await videos.findById(video.id))?.status).toBe('transcoding');
  });

  it('answers undefined for a video that no longer exists', async () => {
    expect(await settler.settle(randomUUID(), finishedAt)).toBeUndefined();
  });

  it('fans an event out once per subscription that wants it, however often it is announced', async () => {
    const { ownerId, video } = await aTranscodingVideo();
    const both = await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/all' });
    await insertSubscription(dataSource, { ownerId, target: 'https://hooks.example.com/failures', events: ['video.failed'] });
    const event = (await settler.settle(video.id, finishedAt))!;

    expect(await fanOut.fanOut(event.key, finishedAt)).toBe(1);
    expect(await fanOut.fanOut(event.key, finishedAt)).toBe(0);

    const deliveries = await deliveriesOf(ownerId);
    expect(deliveries.map((delivery) => [delivery.subscriptionId, delivery.eventKey])).toEqual([[both.id, event.key]]);
    expect(JSON.parse(deliveries[0]!.payload)).toEqual({ id: deliveries[0]!.id, event: 'video.ready', occurredAt: finishedAt.toISOString(), video: JSON.parse(JSON.stringify(event.video)) });
    expect(await settler.unannounced(new Date(finishedAt.getTime() + 1), 1000)).not.toContainEqual(expect.objectContaining({ key: event.key }));
  });

  it('knows no event it never recorded', async () => {
    expect(await fanOut.fanOut(`video.ready:${randomUUID()}:${randomUUID()}`, finishedAt)).toBeUndefined();
  });
});
