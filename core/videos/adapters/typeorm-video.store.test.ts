import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { TypeormMetadataStore } from '../../metadata/adapters/typeorm-metadata.store';
import { insertUser } from '../../notifications/notifications-test-kit';
import { TranscodeJobEntity } from '../../transcoding/adapters/transcode-job.entity';
import { TypeormTranscodeJobStore } from '../../transcoding/adapters/typeorm-transcode-job.store';
import { aReadyRendition, aRenditionWithoutFile, aVideo, insertRendition, insertVideo, newestFirst, uploadedAt } from '../videos-test-kit';
import { TypeormVideoStore } from './typeorm-video.store';

const at = (iso: string) => new Date(iso);

describe.each(engines)('TypeormVideoStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TypeormVideoStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    store = new TypeormVideoStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('reads a created video back as it was given: sizes as numbers (past 2^32), dates as Dates to the millisecond', async () => {
    const video = aVideo({
      ownerId: await insertUser(dataSource),
      title: 'Zürich „by night“ 🌃',
      sourceSizeBytes: 5_368_709_121,
      createdAt: at('2026-11-23T10:00:00.123Z'),
      updatedAt: at('2026-11-23T10:00:01.456Z'),
    });

    await store.create(video);

    const found = await store.findById(video.id);
    expect(found).toEqual(video);
    expect(typeof found?.sourceSizeBytes).toBe('number');
    expect(found?.createdAt).toBeInstanceOf(Date);
  });

  it('reads a stored failure back as {code, message}', async () => {
    const video = aVideo({ ownerId: await insertUser(dataSource), status: 'failed', error: { code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' } });

    await store.create(video);

    expect((await store.findById(video.id))?.error).toEqual({ code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' });
  });

  it('finds nothing for an id it never stored', async () => {
    expect(await store.findById(randomUUID())).toBeUndefined();
  });

  describe('listOwned', () => {
    it('lists the owner’s videos newest first, breaking ties on createdAt by id', async () => {
      const ownerId = await insertUser(dataSource);
      const sameInstant = at('2026-11-23T12:00:00.000Z');
      const videos = [
        aVideo({ ownerId, createdAt: at('2026-11-23T11:00:00.000Z') }),
        aVideo({ ownerId, createdAt: sameInstant }),
        aVideo({ ownerId, createdAt: at('2026-11-23T13:00:00.000Z') }),
        aVideo({ ownerId, createdAt: sameInstant }),
        aVideo({ ownerId, createdAt: sameInstant }),
      ];
      for (const video of videos) await store.create(video);

      const listed = await store.listOwned(ownerId, 10);

      expect(listed.map((video) => video.id)).toEqual([...videos].sort(newestFirst).map((video) => video.id));
    });

    it('pages through videos sharing one createdAt without skipping or repeating any', async () => {
      const ownerId = await insertUser(dataSource);
      const sameInstant = at('2026-11-23T12:00:00.000Z');
      const videos = [
        ...Array.from({ length: 5 }, () => aVideo({ ownerId, createdAt: sameInstant })),
        aVideo({ ownerId, createdAt: at('2026-11-23T12:00:00.001Z') }),
        aVideo({ ownerId, createdAt: at('2026-11-23T11:59:59.999Z') }),
      ];
      for (const video of videos) await store.create(video);

      const pages: string[][] = [];
      let page = await store.listOwned(ownerId, 2);
      while (page.length > 0) {
        pages.push(page.map((video) => video.id));
        const last = page.at(-1)!;
        page = await store.listOwned(ownerId, 2, { createdAt: last.createdAt, id: last.id });
      }

      expect(pages.map((ids) => ids.length)).toEqual([2, 2, 2, 1]);
      expect(pages.flat()).toEqual([...videos].sort(newestFirst).map((video) => video.id));
    });

    it('continues after the cursor when a newer video arrives between two pages', async () => {
      const ownerId = await insertUser(dataSource);
      const older = aVideo({ ownerId, createdAt: at('2026-11-23T10:00:00.000Z') });
      const newer = aVideo({ ownerId, createdAt: at('2026-11-23T11:00:00.000Z') });
      await store.create(older);
      await store.create(newer);
      const [first] = await store.listOwned(ownerId, 1);

      await store.create(aVideo({ ownerId, createdAt: at('2026-11-23T12:00:00.000Z') }));
      const next = await store.listOwned(ownerId, 1, { createdAt: first!.createdAt, id: first!.id });

      expect(first?.id).toBe(newer.id);
      expect(next.map((video) => video.id)).toEqual([older.id]);
    });

    it('never lists another owner’s videos', async () => {
      const ownerId = await insertUser(dataSource);
      const otherOwnerId = await insertUser(dataSource);
      const own = await insertVideo(dataSource, aVideo({ ownerId }));
      await insertVideo(dataSource, aVideo({ ownerId: otherOwnerId, createdAt: own.createdAt }));

      expect((await store.listOwned(ownerId, 10)).map((video) => video.id)).toEqual([own.id]);
      expect(await store.listOwned(await insertUser(dataSource), 10)).toEqual([]);
    });
  });

  it('lists the ids of videos in one status, oldest first, up to the limit', async () => {
    const ownerId = await insertUser(dataSource);
    const oldest = await insertVideo(dataSource, aVideo({ ownerId, status: 'transcoding', createdAt: at('2020-01-01T00:00:00.000Z') }));
    const middle = await insertVideo(dataSource, aVideo({ ownerId, status: 'transcoding', createdAt: at('2020-01-01T00:00:01.000Z') }));
    await insertVideo(dataSource, aVideo({ ownerId, status: 'transcoding', createdAt: at('2020-01-01T00:00:02.000Z') }));
    await insertVideo(dataSource, aVideo({ ownerId, status: 'ready', createdAt: at('2019-01-01T00:00:00.000Z') }));

    expect(await store.listIdsByStatus('transcoding', 2)).toEqual([oldest.id, middle.id]);
  });

  describe('renditionsOf', () => {
    it('gives every asked id its renditions, and an empty list to videos without any', async () => {
      const ownerId = await insertUser(dataSource);
      const first = await insertVideo(dataSource, aVideo({ ownerId }));
      const second = await insertVideo(dataSource, aVideo({ ownerId }));
      const bare = await insertVideo(dataSource, aVideo({ ownerId }));
      const ready = await insertRendition(dataSource, aReadyRendition({ videoId: first.id, preset: '720p', sizeBytes: 4_294_967_297 }));
      const pending = await insertRendition(dataSource, aRenditionWithoutFile({ videoId: first.id, preset: 'hls', status: 'pending' }));
      const skipped = await insertRendition(dataSource, aRenditionWithoutFile({ videoId: second.id, preset: '1080p', status: 'skipped' }));
      const unknownId = randomUUID();

      const byVideo = await store.renditionsOf([first.id, second.id, bare.id, unknownId]);

      expect([...byVideo.keys()].sort()).toEqual([first.id, second.id, bare.id, unknownId].sort());
      expect(byVideo.get(first.id)).toHaveLength(2);
      expect(byVideo.get(first.id)).toEqual(expect.arrayContaining([ready, pending]));
      expect(byVideo.get(second.id)).toEqual([skipped]);
      expect(byVideo.get(bare.id)).toEqual([]);
      expect(byVideo.get(unknownId)).toEqual([]);
    });

    it('answers an empty map for no ids', async () => {
      expect(await store.renditionsOf([])).toEqual(new Map());
    });
  });

  describe('setStatus', () => {
    it('records the status, the failure and the time of the change', async () => {
      const video = await insertVideo(dataSource, aVideo({ ownerId: await insertUser(dataSource) }));
      const failedAt = at('2026-11-23T10:05:00.000Z');

      expect(await store.setStatus(video.id, 'failed', { code: 'transcode_failed', message: 'Transcoding to 720p failed' }, failedAt)).toBe(true);

      expect(await store.findById(video.id)).toEqual({
        ...video,
        status: 'failed',
        error: { code: 'transcode_failed', message: 'Transcoding to 720p failed' },
        updatedAt: failedAt,
      });
    });

    it('clears an earlier failure when the video gets a status without one', async () => {
      const video = await insertVideo(dataSource, aVideo({ ownerId: await insertUser(dataSource), status: 'failed', error: { code: 'internal', message: 'boom' } }));

      expect(await store.setStatus(video.id, 'transcoding', null, at('2026-11-23T11:00:00.000Z'))).toBe(true);

      expect(await store.findById(video.id)).toMatchObject({ status: 'transcoding', error: null });
    });

    it('keeps the first 1000 characters of a long failure message (the column’s size)', async () => {
      const video = await insertVideo(dataSource, aVideo({ ownerId: await insertUser(dataSource) }));

      await store.setStatus(video.id, 'failed', { code: 'transcode_failed', message: 'x'.repeat(1500) }, uploadedAt);

      expect((await store.findById(video.id))?.error?.message).toBe('x'.repeat(1000));
    });

    it('answers false for a video that does not exist', async () => {
      expect(await store.setStatus(randomUUID(), 'ready', null, uploadedAt)).toBe(false);
    });
  });

  it('deletes a video with its renditions, jobs and metadata, and nothing of another video', async () => {
    const ownerId = await insertUser(dataSource);
    const doomed = await insertVideo(dataSource, aVideo({ ownerId }));
    const kept = await insertVideo(dataSource, aVideo({ ownerId }));
    const jobs = new TypeormTranscodeJobStore(dataSource);
    const metadata = new TypeormMetadataStore(dataSource);
    for (const video of [doomed, kept]) {
      await insertRendition(dataSource, aReadyRendition({ videoId: video.id, preset: '480p' }));
      const job = { id: randomUUID(), videoId: video.id, status: 'queued', presets: ['720p'], progress: 0, attempts: 0, idempotencyKey: null, error: null, createdAt: uploadedAt, startedAt: null, completedAt: null } as const;
      await jobs.enqueue(job);
      await metadata.save({ videoId: video.id, formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSeconds: 2, sizeBytes: 1000, bitRate: 4000, video: null, audio: null, extractedAt: uploadedAt });
    }

    await store.delete(doomed.id);

    expect(await store.findById(doomed.id)).toBeUndefined();
    expect((await store.renditionsOf([doomed.id])).get(doomed.id)).toEqual([]);
    expect(await dataSource.getRepository(TranscodeJobEntity).countBy({ videoId: doomed.id })).toBe(0);
    expect(await metadata.findByVideoId(doomed.id)).toBeUndefined();
    expect(await store.findById(kept.id)).toBeDefined();
    expect((await store.renditionsOf([kept.id])).get(kept.id)).toHaveLength(2);
    expect(await dataSource.getRepository(TranscodeJobEntity).countBy({ videoId: kept.id })).toBe(1);
    expect(await metadata.findByVideoId(kept.id)).toBeDefined();
  });

  it('deletes nothing, without failing, for a video that does not exist', async () => {
    await expect(store.delete(randomUUID())).resolves.toBeUndefined();
  });
});
