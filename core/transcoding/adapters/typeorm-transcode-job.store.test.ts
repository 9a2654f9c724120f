import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../../test/support/test-database';
import { TypeormVideoStore } from '../../videos/adapters/typeorm-video.store';
import type { Rendition } from '../../videos/video';
import { JobAlreadyActiveError } from '../transcoding.errors';
import { aJob, anOutput, insertVideo, testInstant } from '../transcoding-test-kit';
import type { TranscodeJob } from '../transcode-job';
import { TranscodeJobEntity } from './transcode-job.entity';
import { TypeormTranscodeJobStore } from './typeorm-transcode-job.store';

const later = (seconds: number) => new Date(testInstant.getTime() + seconds * 1000);

describe.each(engines)('TypeormTranscodeJobStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: TypeormTranscodeJobStore;
  let videos: TypeormVideoStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    store = new TypeormTranscodeJobStore(dataSource);
    videos = new TypeormVideoStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  // The queue is shared by every job in the database: each test starts from an empty one.
  beforeEach(async () => {
    await dataSource.createQueryBuilder().delete().from(TranscodeJobEntity).execute();
  });

  const newVideoId = async () => (await insertVideo(dataSource)).id;

  /** The video's renditions by preset. */
  async function renditionsOf(videoId: string): Promise<Record<string, Rendition>> {
    const renditions = (await videos.renditionsOf([videoId])).get(videoId) ?? [];
    return Object.fromEntries(renditions.map((rendition) => [rendition.preset, rendition]));
  }

  /** A job enqueued and claimed by a worker. */
  async function processingJob(videoId: string, overrides: Partial<TranscodeJob> = {}): Promise<TranscodeJob> {
    const { job } = await store.enqueue(aJob(videoId, overrides));
    const claimed = await store.claim(job.id, later(1));
    if (!claimed) throw new Error(`could not claim ${job.id}`);
    return claimed;
  }

  /** A job run to completion, its outputs in place. */
  async function completedJob(videoId: string, presets: string[], at = later(10)): Promise<TranscodeJob> {
    const job = await processingJob(videoId, { presets, createdAt: new Date(at.getTime() - 5000) });
    await store.complete(job.id, presets.map((preset) => anOutput(videoId, job.id, preset)), at);
    return job;
  }

  describe('enqueue', () => {
    it('queues the job, makes its presets pending renditions of it and marks the video transcoding', async () => {
      const videoId = await newVideoId();
      const job = aJob(videoId, { presets: ['720p', 'hls'] });

      const result = await store.enqueue(job);

      expect(result).toEqual({ job, created: true });
      expect(await store.findById(job.id)).toEqual(job);
      const renditions = await renditionsOf(videoId);
      expect(Object.keys(renditions).sort()).toEqual(['720p', 'hls']);
      expect(renditions['720p']).toEqual({
        videoId,
        preset: '720p',
        status: 'pending',
        jobId: job.id,
        storageKey: null,
        width: null,
        height: null,
        bitrateKbps: null,
        sizeBytes: null,
        updatedAt: testInstant,
      });
      expect(await videos.findById(videoId)).toMatchObject({ status: 'transcoding', updatedAt: testInstant });
    });

    it('clears the error of a video that failed before', async () => {
      const videoId = await newVideoId();
      await videos.setStatus(videoId, 'failed', { code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' }, testInstant);

      await store.enqueue(aJob(videoId, { createdAt: later(60) }));

      expect(await videos.findById(videoId)).toMatchObject({ status: 'transcoding', error: null, updatedAt: later(60) });
    });

    it('returns the job of an idempotency key already used instead of creating another', async () => {
      const videoId = await newVideoId();
      const first = aJob(videoId, { idempotencyKey: `upload:${videoId}` });
      await store.enqueue(first);

      const second = await store.enqueue(aJob(videoId, { idempotencyKey: `upload:${videoId}`, presets: ['480p'] }));

      expect(second).toEqual({ job: first, created: false });
      expect(await dataSource.getRepository(TranscodeJobEntity).countBy({ videoId })).toBe(1);
    });

    it('creates one job when two enqueues with the same idempotency key race', async () => {
      const videoId = await newVideoId();
      const key = `upload:${videoId}`;

      const results = await Promise.all([store.enqueue(aJob(videoId, { idempotencyKey: key })), store.enqueue(aJob(videoId, { idempotencyKey: key }))]);

      expect(results.map((result) => result.created).sort()).toEqual([false, true]);
      const [first, second] = results;
      expect(first?.job.id).toBe(second?.job.id);
      expect(await dataSource.getRepository(TranscodeJobEntity).countBy({ videoId })).toBe(1);
    });

    it('refuses a second job while the video has a queued or processing one', async () => {
      const videoId = await newVideoId();
      const queued = aJob(videoId);
      await store.enqueue(queued);

      await expect(store.enqueue(aJob(videoId))).rejects.toBeInstanceOf(JobAlreadyActiveError);
      await store.claim(queued.id, later(1));
      await expect(store.enqueue(aJob(videoId))).rejects.toThrow(/already queued or processing/);

      expect(await dataSource.getRepository(TranscodeJobEntity).countBy({ videoId })).toBe(1);
    });

    it('lets exactly one of two racing jobs of a video in, and leaves the renditions to the winner', async () => {
      const videoId = await newVideoId();
      const jobs = [aJob(videoId, { presets: ['720p'] }), aJob(videoId, { presets: ['720p'] })];

      const results = await Promise.allSettled(jobs.map((job) => store.enqueue(job)));

      const created = results.filter((result) => result.status === 'fulfilled');
      const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect(created).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(JobAlreadyActiveError);
      const winner = created[0]?.value.job;
      expect((await renditionsOf(videoId))['720p']?.jobId).toBe(winner?.id);
    });

    it('accepts a new job once the previous one completed or failed', async () => {
      const videoId = await newVideoId();
      await completedJob(videoId, ['720p']);
      const failed = await processingJob(videoId, { createdAt: later(20) });
      await store.fail(failed.id, { code: 'transcode_failed', message: 'Transcoding to 720p failed: boom' }, later(21));

      const next = aJob(videoId, { createdAt: later(30) });

      await expect(store.enqueue(next)).resolves.toEqual({ job: next, created: true });
    });
  });

  describe('claim', () => {
    it('moves a queued job to processing and counts the attempt', async () => {
      const videoId = await newVideoId();
      const { job } = await store.enqueue(aJob(videoId));

      const claimed = await store.claim(job.id, later(5));

      expect(claimed).toEqual({ ...job, status: 'processing', attempts: 1, progress: 0, startedAt: later(5) });
      expect(await store.findById(job.id)).toEqual(claimed);
    });

    it('gives a job to one claimant only, also when two race for it', async () => {
      const videoId = await newVideoId();
      const { job } = await store.enqueue(aJob(videoId));

      const claims = await Promise.all([store.claim(job.id, later(5)), store.claim(job.id, later(5))]);

      expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
      expect(await store.claim(job.id, later(6))).toBeUndefined();
      expect((await store.findById(job.id))?.attempts).toBe(1);
    });

    it('counts every start: a job requeued after a crash is on its second attempt', async () => {
      const videoId = await newVideoId();
      const job = await processingJob(videoId);
      await store.requeueProcessing();

      const again = await store.claim(job.id, later(9));

      expect(again).toMatchObject({ status: 'processing', attempts: 2, startedAt: later(9) });
    });

    it('does not claim an unknown job', async () => {
      expect(await store.claim(randomUUID(), later(1))).toBeUndefined();
    });
  });

  describe('listQueued', () => {
    it('lists queued jobs oldest first, up to the limit, and nothing else', async () => {
      const [a, b, c, d] = await Promise.all([newVideoId(), newVideoId(), newVideoId(), newVideoId()]);
      const newest = aJob(a!, { createdAt: later(30) });
      const oldest = aJob(b!, { createdAt: later(10) });
      const middle = aJob(c!, { createdAt: later(20) });
      for (const job of [newest, oldest, middle]) await store.enqueue(job);
      await processingJob(d!, { createdAt: later(1) });

      expect((await store.listQueued(10)).map((job) => job.id)).toEqual([oldest.id, middle.id, newest.id]);
      expect((await store.listQueued(2)).map((job) => job.id)).toEqual([oldest.id, middle.id]);
    });
  });

  describe('requeueProcessing', () => {
    it('puts processing jobs back in the queue with their progress reset, and counts them', async () => {
      const [a, b, c, d] = await Promise.all([newVideoId(), newVideoId(), newVideoId(), newVideoId()]);
      const first = await processingJob(a!);
      const second = await processingJob(b!);
      await store.setProgress(first.id, 40);
      const queued = aJob(c!);
      await store.enqueue(queued);
      const complete = await completedJob(d!, ['480p']);

      const requeued = await store.requeueProcessing();

      expect(requeued).toBe(2);
      expect(await store.findById(first.id)).toMatchObject({ status: 'queued', progress: 0, attempts: 1 });
      expect(await store.findById(second.id)).toMatchObject({ status: 'queued', progress: 0, attempts: 1 });
      expect(await store.findById(queued.id)).toEqual(queued);
      expect(await store.findById(complete.id)).toMatchObject({ status: 'complete', progress: 100 });
    });

    it('answers 0 when nothing was interrupted', async () => {
      expect(await store.requeueProcessing()).toBe(0);
    });
  });

  describe('setProgress', () => {
    it('records the progress of a processing job only', async () => {
      const [a, b] = await Promise.all([newVideoId(), newVideoId()]);
      const processing = await processingJob(a!);
      const { job: queued } = await store.enqueue(aJob(b!));

      await store.setProgress(processing.id, 42);
      await store.setProgress(queued.id, 42);

      expect((await store.findById(processing.id))?.progress).toBe(42);
      expect((await store.findById(queued.id))?.progress).toBe(0);
    });
  });

  describe('markSkipped', () => {
    it('marks the preset of this job skipped and forgets any output it pointed at', async () => {
      const videoId = await newVideoId();
      await completedJob(videoId, ['1080p', '720p']);
      const job = await processingJob(videoId, { presets: ['1080p', '720p'], createdAt: later(60) });

      await store.markSkipped(job.id, videoId, '1080p', later(61));

      const renditions = await renditionsOf(videoId);
      expect(renditions['1080p']).toEqual({
        videoId,
        preset: '1080p',
        status: 'skipped',
        jobId: job.id,
        storageKey: null,
        width: null,
        height: null,
        bitrateKbps: null,
        sizeBytes: null,
        updatedAt: later(61),
      });
      expect(renditions['720p']).toMatchObject({ status: 'pending', jobId: job.id });
    });

    it('leaves a rendition that belongs to another job alone', async () => {
      const videoId = await newVideoId();
      const done = await completedJob(videoId, ['480p']);

      await store.markSkipped(randomUUID(), videoId, '480p', later(61));

      expect((await renditionsOf(videoId))['480p']).toMatchObject({ status: 'ready', jobId: done.id });
    });
  });

  describe('complete', () => {
    it('points the renditions at the outputs and completes the job', async () => {
      const videoId = await newVideoId();
      const job = await processingJob(videoId, { presets: ['720p', 'hls'] });
      await store.setProgress(job.id, 80);
      const outputs = [
        anOutput(videoId, job.id, '720p', { width: 1280, height: 720, bitrateKbps: 2928, sizeBytes: 700_000 }),
        anOutput(videoId, job.id, 'hls', { width: 1280, height: 720, bitrateKbps: 2928, sizeBytes: 3_000_000_000 }),
      ];

      const replaced = await store.complete(job.id, outputs, later(30));

      expect(replaced).toEqual([]);
      expect(await store.findById(job.id)).toEqual({ ...job, status: 'complete', progress: 100, completedAt: later(30) });
      const renditions = await renditionsOf(videoId);
      expect(renditions['720p']).toEqual({
        videoId,
        preset: '720p',
        status: 'ready',
        jobId: job.id,
        storageKey: `videos/${videoId}/jobs/${job.id}/720p/720p.mp4`,
        width: 1280,
        height: 720,
        bitrateKbps: 2928,
        sizeBytes: 700_000,
        updatedAt: later(30),
      });
      expect(renditions.hls).toMatchObject({ status: 'ready', storageKey: `videos/${videoId}/jobs/${job.id}/hls/master.m3u8`, sizeBytes: 3_000_000_000 });
    });

    it('returns the storage keys of the outputs the new ones replace', async () => {
      const videoId = await newVideoId();
      const earlier = await completedJob(videoId, ['720p', '480p', 'hls'], later(10));
      const job = await processingJob(videoId, { presets: ['720p', 'hls'], createdAt: later(60) });

      const replaced = await store.complete(job.id, [anOutput(videoId, job.id, '720p'), anOutput(videoId, job.id, 'hls')], later(90));

      expect(replaced?.sort()).toEqual([anOutput(videoId, earlier.id, '720p').storageKey, anOutput(videoId, earlier.id, 'hls').storageKey].sort());
      const renditions = await renditionsOf(videoId);
      expect(renditions['720p']?.storageKey).toBe(anOutput(videoId, job.id, '720p').storageKey);
      expect(renditions['480p']).toMatchObject({ status: 'ready', jobId: earlier.id, storageKey: anOutput(videoId, earlier.id, '480p').storageKey });
    });

    it('completes a job whose every preset was skipped, replacing nothing', async () => {
      const videoId = await newVideoId();
      const job = await processingJob(videoId, { presets: ['1080p'] });
      await store.markSkipped(job.id, videoId, '1080p', later(2));

      expect(await store.complete(job.id, [], later(30))).toEqual([]);
      expect((await store.findById(job.id))?.status).toBe('complete');
      expect((await renditionsOf(videoId))['1080p']?.status).toBe('skipped');
    });

    it('returns undefined for a job whose video was deleted meanwhile', async () => {
      const videoId = await newVideoId();
      const job = await processingJob(videoId, { presets: ['720p'] });
      await videos.delete(videoId);

      expect(await store.complete(job.id, [anOutput(videoId, job.id, '720p')], later(30))).toBeUndefined();
      expect(await store.findById(job.id)).toBeUndefined();
    });

    it('does not complete a job that already failed', async () => {
      const videoId = await newVideoId();
      const job = await processingJob(videoId, { presets: ['720p'] });
      await store.fail(job.id, { code: 'internal', message: 'Transcoding failed unexpectedly' }, later(20));

      expect(await store.complete(job.id, [anOutput(videoId, job.id, '720p')], later(30))).toBeUndefined();
      expect(await store.findById(job.id)).toMatchObject({ status: 'failed', completedAt: later(20) });
      expect((await renditionsOf(videoId))['720p']).toMatchObject({ status: 'failed', storageKey: null });
    });
  });

  describe('fail', () => {
    it('fails the job and its pending renditions, not the skipped ones nor those of other jobs', async () => {
      const videoId = await newVideoId();
      const earlier = await completedJob(videoId, ['hls']);
      const job = await processingJob(videoId, { presets: ['1080p', '720p', '480p'], createdAt: later(60) });
      await store.markSkipped(job.id, videoId, '1080p', later(61));
      const error = { code: 'transcode_failed', message: 'Transcoding to 720p failed: Invalid data found when processing input' };

      const failed = await store.fail(job.id, error, later(70));

      expect(failed).toBe(true);
      expect(await store.findById(job.id)).toEqual({ ...job, status: 'failed', error, completedAt: later(70) });
      const renditions = await renditionsOf(videoId);
      expect(renditions['1080p']?.status).toBe('skipped');
      expect(renditions['720p']).toMatchObject({ status: 'failed', jobId: job.id, updatedAt: later(70) });
      expect(renditions['480p']).toMatchObject({ status: 'failed', jobId: job.id });
      expect(renditions.hls).toMatchObject({ status: 'ready', jobId: earlier.id });
    });

    it('fails a job still in the queue', async () => {
      const videoId = await newVideoId();
      const { job } = await store.enqueue(aJob(videoId));

      expect(await store.fail(job.id, { code: 'too_many_attempts', message: 'giving up' }, later(5))).toBe(true);
      expect((await store.findById(job.id))?.status).toBe('failed');
    });

    it('keeps the first 1000 characters of a long message', async () => {
      const videoId = await newVideoId();
      const job = await processingJob(videoId);

      await store.fail(job.id, { code: 'transcode_failed', message: 'x'.repeat(1500) }, later(5));

      expect((await store.findById(job.id))?.error?.message).toBe('x'.repeat(1000));
    });

    it('answers false for a job that is finished or gone', async () => {
      const videoId = await newVideoId();
      const done = await completedJob(videoId, ['480p']);
      const error = { code: 'internal', message: 'Transcoding failed unexpectedly' };

      expect(await store.fail(done.id, error, later(90))).toBe(false);
      expect(await store.fail(randomUUID(), error, later(90))).toBe(false);
      expect(await store.findById(done.id)).toMatchObject({ status: 'complete', error: null });
    });
  });

  describe('findLatestForVideo', () => {
    it('finds the most recently created job of the video', async () => {
      const videoId = await newVideoId();
      await completedJob(videoId, ['480p'], later(10));
      const latest = aJob(videoId, { createdAt: later(60) });
      await store.enqueue(latest);

      expect(await store.findLatestForVideo(videoId)).toEqual(latest);
    });

    it('finds nothing for a video without jobs', async () => {
      expect(await store.findLatestForVideo(await newVideoId())).toBeUndefined();
    });
  });
});
