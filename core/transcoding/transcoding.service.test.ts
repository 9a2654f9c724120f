import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { FixedClock } from '../auth/auth-test-kit';
import { NotFoundError, ValidationError } from '../errors/app-error';
import { TypeormVideoStore } from '../videos/adapters/typeorm-video.store';
import { TypeormTranscodeJobStore } from './adapters/typeorm-transcode-job.store';
import { presets } from './presets';
import { JobAlreadyActiveError } from './transcoding.errors';
import { insertOwner, insertVideo, testInstant } from './transcoding-test-kit';
import { TranscodingService } from './transcoding.service';

/** What a call rejects with (undefined when it resolves). */
function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
}

/** The ValidationError a call rejects with. */
async function validationErrorOf(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe.each(engines)('TranscodingService on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let jobs: TypeormTranscodeJobStore;
  let service: TranscodingService;
  let queuedSignals: number;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    jobs = new TypeormTranscodeJobStore(dataSource);
    service = new TranscodingService({
      jobs,
      videos: new TypeormVideoStore(dataSource),
      clock: new FixedClock(testInstant),
      newId: randomUUID,
      onQueued: () => {
        queuedSignals += 1;
      },
    });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  beforeEach(() => {
    queuedSignals = 0;
  });

  it('lists the contract presets', () => {
    const listed = service.listPresets();

    expect(listed.presets.map((preset) => preset.id)).toEqual(['1080p', '720p', '480p', 'hls']);
    expect(listed.presets).toEqual(presets);
  });

  describe('requestTranscode', () => {
    it('queues a job of every preset by default, tells the worker and answers the Job object', async () => {
      const video = await insertVideo(dataSource);

      const { job } = await service.requestTranscode(video.ownerId, video.id, {});

      expect(job).toEqual({
        id: expect.any(String),
        videoId: video.id,
        status: 'queued',
        presets: ['1080p', '720p', '480p', 'hls'],
        progress: 0,
        createdAt: '2026-11-23T10:00:00.000Z',
        startedAt: null,
        completedAt: null,
        error: null,
      });
      expect(await jobs.findById(job.id)).toMatchObject({ status: 'queued', idempotencyKey: null });
      expect(queuedSignals).toBe(1);
    });

    it('queues only the presets asked for, in the order given', async () => {
      const video = await insertVideo(dataSource);

      const { job } = await service.requestTranscode(video.ownerId, video.id, { presets: ['hls', '480p'] });

      expect(job.presets).toEqual(['hls', '480p']);
    });

    it('refuses an unknown preset, naming its position and the presets that exist', async () => {
      const video = await insertVideo(dataSource);

      const error = await validationErrorOf(service.requestTranscode(video.ownerId, video.id, { presets: ['4k'] }));

      expect(error.details).toEqual([{ path: 'presets.0', message: 'unknown preset "4k": use one of 1080p, 720p, 480p, hls' }]);
      expect(await jobs.findLatestForVideo(video.id)).toBeUndefined();
      expect(queuedSignals).toBe(0);
    });

    it.each([
      { case: 'an empty list', body: { presets: [] }, path: 'presets', message: /at least one preset/ },
      { case: 'a repeated preset', body: { presets: ['720p', '720p'] }, path: 'presets', message: /must not repeat/ },
      { case: 'presets that are not a list', body: { presets: '720p' }, path: 'presets', message: /array/ },
      { case: 'a preset that is not a string', body: { presets: [720] }, path: 'presets.0', message: /string/ },
      { case: 'a null body', body: null, path: '', message: /object/ },
    ])('refuses $case', async ({ body, path, message }) => {
      const video = await insertVideo(dataSource);

      const error = await validationErrorOf(service.requestTranscode(video.ownerId, video.id, body));

      expect(error.details).toEqual([{ path, message: expect.stringMatching(message) }]);
      expect(await jobs.findLatestForVideo(video.id)).toBeUndefined();
    });

    it.each([
      { case: "another owner's video", videoId: async () => (await insertVideo(dataSource)).id },
      { case: 'an id that is not a UUID', videoId: async () => 'not-a-uuid' },
      { case: 'an unknown video', videoId: async () => randomUUID() },
    ])('answers not found for $case', async ({ videoId }) => {
      const callerId = await insertOwner(dataSource);
      const id = await videoId();

      const error = await rejectionOf(service.requestTranscode(callerId, id, {}));

      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toHaveProperty('message', 'No such video');
      expect(queuedSignals).toBe(0);
    });

    it('refuses a second job while one is queued', async () => {
      const video = await insertVideo(dataSource);
      await service.requestTranscode(video.ownerId, video.id, {});

      await expect(service.requestTranscode(video.ownerId, video.id, { presets: ['480p'] })).rejects.toBeInstanceOf(JobAlreadyActiveError);
      expect(queuedSignals).toBe(1);
    });
  });

  describe('startForUpload', () => {
    it('queues one job of every preset per upload, however often the event comes', async () => {
      const video = await insertVideo(dataSource);

      const first = await service.startForUpload(video.id);
      const again = await service.startForUpload(video.id);

      expect(first).toMatchObject({ videoId: video.id, status: 'queued', presets: ['1080p', '720p', '480p', 'hls'], idempotencyKey: `upload:${video.id}` });
      expect(again).toEqual(first);
      expect(queuedSignals).toBe(1);
    });

    it('leaves the work to a transcode the customer started before the upload event arrived', async () => {
      const video = await insertVideo(dataSource);
      const { job: requested } = await service.requestTranscode(video.ownerId, video.id, { presets: ['480p'] });

      const started = await service.startForUpload(video.id);

      expect(started).toMatchObject({ id: requested.id, idempotencyKey: null });
      expect(queuedSignals).toBe(1);
    });

    it('answers undefined for a video that does not exist (deleted meanwhile)', async () => {
      const videoId = randomUUID();

      expect(await service.startForUpload(videoId)).toBeUndefined();
      expect(await jobs.findLatestForVideo(videoId)).toBeUndefined();
      expect(queuedSignals).toBe(0);
    });
  });

  describe('getJob', () => {
    it('shows the owner a job of their video', async () => {
      const video = await insertVideo(dataSource);
      const { job } = await service.requestTranscode(video.ownerId, video.id, { presets: ['720p'] });

      expect(await service.getJob(video.ownerId, job.id)).toEqual(job);
    });

    it.each([
      { case: "a job of another owner's video", jobId: async () => (await service.startForUpload((await insertVideo(dataSource)).id))?.id ?? '' },
      { case: 'an id that is not a UUID', jobId: async () => 'job-1' },
      { case: 'an unknown job', jobId: async () => randomUUID() },
    ])('answers not found for $case', async ({ jobId }) => {
      const callerId = await insertOwner(dataSource);
      const id = await jobId();

      const error = await rejectionOf(service.getJob(callerId, id));

      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toHaveProperty('message', 'No such job');
    });
  });
});
