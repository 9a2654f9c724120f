import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { insertUser } from '../../notifications/notifications-test-kit';
import { aVideo, insertVideo } from '../../videos/videos-test-kit';
import type { VideoMetadata } from '../metadata';
import { VideoMetadataEntity } from './video-metadata.entity';
import { TypeormMetadataStore } from './typeorm-metadata.store';

/** What ffprobe says of a 29.97 fps H.264/AAC clip, extracted for `videoId`. */
function metadataOf(videoId: string, overrides: Partial<VideoMetadata> = {}): VideoMetadata {
  return {
    videoId,
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 12.345678,
    sizeBytes: 6_442_450_944,
    bitRate: 4_174_832_001,
    video: { codec: 'h264', width: 1920, height: 1080, frameRate: 30000 / 1001, pixelFormat: 'yuv420p' },
    audio: { codec: 'aac', sampleRate: 48_000, channels: 2 },
    extractedAt: new Date('2026-11-23T10:00:07.321Z'),
    ...overrides,
  };
}

describe.each(engines)('TypeormMetadataStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TypeormMetadataStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    store = new TypeormMetadataStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  const aStoredVideo = async () => (await insertVideo(dataSource, aVideo({ ownerId: await insertUser(dataSource) }))).id;

  it('reads saved metadata back exactly: doubles, sizes past 2^32 as numbers, the time to the millisecond', async () => {
    const metadata = metadataOf(await aStoredVideo());

    expect(await store.save(metadata)).toBe(true);

    const found = await store.findByVideoId(metadata.videoId);
    expect(found).toEqual(metadata);
    expect(found?.video?.frameRate).toBe(30000 / 1001);
    expect(typeof found?.sizeBytes).toBe('number');
  });

  it.each([
    ['without a video stream (audio only)', { video: null }],
    ['without an audio stream (silent)', { audio: null }],
    ['without any stream', { video: null, audio: null }],
  ])('keeps metadata %s', async (_name, streams) => {
    const metadata = metadataOf(await aStoredVideo(), streams);

    await store.save(metadata);

    expect(await store.findByVideoId(metadata.videoId)).toEqual(metadata);
  });

  it('replaces the metadata of a video extracted again, keeping one record', async () => {
    const videoId = await aStoredVideo();
    await store.save(metadataOf(videoId));
    const again = metadataOf(videoId, { durationSeconds: 3.5, audio: null, extractedAt: new Date('2026-11-24T08:00:00.000Z') });

    expect(await store.save(again)).toBe(true);

    expect(await store.findByVideoId(videoId)).toEqual(again);
    expect(await dataSource.getRepository(VideoMetadataEntity).countBy({ videoId })).toBe(1);
  });

  it('answers false, storing nothing, for a video that no longer exists', async () => {
    const videoId = randomUUID();

    expect(await store.save(metadataOf(videoId))).toBe(false);

    expect(await store.findByVideoId(videoId)).toBeUndefined();
  });

  it('finds nothing for a video never extracted', async () => {
    expect(await store.findByVideoId(await aStoredVideo())).toBeUndefined();
  });
});
