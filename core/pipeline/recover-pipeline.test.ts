import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { FixedClock } from '../auth/auth-test-kit';
import { TypeormTranscodeJobStore } from '../transcoding/adapters/typeorm-transcode-job.store';
import type { JobStateChange } from '../transcoding/job-state-change';
import type { TranscodeJob } from '../transcoding/transcode-job';
import { TranscodingService } from '../transcoding/transcoding.service';
import { aJob, anOutput, insertVideo, testInstant } from '../transcoding/transcoding-test-kit';
import { TypeormVideoStore } from '../videos/adapters/typeorm-video.store';
import { VideoEntity } from '../videos/adapters/video.entity';
import type { VideoStatus } from '../videos/video';
import { recoverPipeline, type PipelineRecoveryDeps } from './recover-pipeline';

const restartedAt = new Date('2026-11-23T11:00:00.000Z');
const later = (seconds: number) => new Date(testInstant.getTime() + seconds * 1000);

describe('recoverPipeline', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let videos: TypeormVideoStore;
  let jobs: TypeormTranscodeJobStore;
  let deps: PipelineRecoveryDeps;
  let announced: JobStateChange[];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    dataSource = await openMigrated(database);
    videos = new TypeormVideoStore(dataSource);
    jobs = new TypeormTranscodeJobStore(dataSource);
    const clock = new FixedClock(restartedAt);
    deps = {
      videos,
      jobs,
      transcoding: new TranscodingService({ jobs, videos, clock, newId: randomUUID }),
      reportJobState: async (change) => {
        announced.push(change);
      },
      clock,
    };
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  // Recovery looks at every video of the database: each test starts without any (jobs go with them).
  beforeEach(async () => {
    announced = [];
    await dataSource.createQueryBuilder().delete().from(VideoEntity).execute();
  });

  /** A video being transcoded by a job that a worker has started. */
  async function startedJob(presets = ['720p']): Promise<TranscodeJob> {
    const video = await insertVideo(dataSource);
    const { job } = await jobs.enqueue(aJob(video.id, { presets }));
    const claimed = await jobs.claim(job.id, later(1));
    if (!claimed) throw new Error(`could not claim ${job.id}`);
    return claimed;
  }

  it('starts the transcode of an uploaded video whose storage event was lost', async () => {
    const video = await insertVideo(dataSource, { status: 'uploaded' });

    const recovered = await recoverPipeline(deps);

    expect(recovered).toBe(1);
    expect(await jobs.findLatestForVideo(video.id)).toMatchObject({ status: 'queued', idempotencyKey: `upload:${video.id}`, createdAt: restartedAt });
    expect((await videos.findById(video.id))?.status).toBe('transcoding');
    expect(announced).toEqual([]);
  });

  it('announces again the completion of a job whose announcement was lost', async () => {
    const job = await startedJob(['720p']);
    await jobs.complete(job.id, [anOutput(job.videoId, job.id, '720p')], later(30));

    const recovered = await recoverPipeline(deps);

    expect(recovered).toBe(1);
    expect(announced).toEqual([{ status: 'COMPLETE', jobId: job.id, videoId: job.videoId, at: restartedAt, outputs: [], durationMs: 0 }]);
  });

  it('announces again the failure of a job, with its error', async () => {
    const job = await startedJob();
    const error = { code: 'media_unreadable', message: 'The file could not be read as video: moov atom not found' };
    await jobs.fail(job.id, error, later(30));

    const recovered = await recoverPipeline(deps);

    expect(recovered).toBe(1);
    expect(announced).toEqual([{ status: 'ERROR', jobId: job.id, videoId: job.videoId, at: restartedAt, error }]);
  });

  it('leaves videos whose job is still queued or processing to the worker', async () => {
    const processing = await startedJob();
    const queuedVideo = await insertVideo(dataSource);
    const { job: queued } = await jobs.enqueue(aJob(queuedVideo.id));

    const recovered = await recoverPipeline(deps);

    expect(recovered).toBe(0);
    expect(announced).toEqual([]);
    expect(await jobs.findById(processing.id)).toEqual(processing);
    expect(await jobs.findById(queued.id)).toEqual(queued);
  });

  it('goes by the latest job: a finished earlier job of a video being transcoded again is not announced', async () => {
    const earlier = await startedJob(['720p']);
    await jobs.complete(earlier.id, [anOutput(earlier.videoId, earlier.id, '720p')], later(30));
    await jobs.enqueue(aJob(earlier.videoId, { createdAt: later(60) }));

    expect(await recoverPipeline(deps)).toBe(0);
    expect(announced).toEqual([]);
  });

  it.each<VideoStatus>(['ready', 'failed'])('leaves a %s video alone', async (status) => {
    const video = await insertVideo(dataSource, { status });

    expect(await recoverPipeline(deps)).toBe(0);
    expect(announced).toEqual([]);
    expect(await jobs.findLatestForVideo(video.id)).toBeUndefined();
  });

  it('re-drives every kind of lost step in one pass', async () => {
    await insertVideo(dataSource, { status: 'uploaded' });
    const complete = await startedJob();
    await jobs.complete(complete.id, [anOutput(complete.videoId, complete.id, '720p')], later(30));
    const failed = await startedJob();
    await jobs.fail(failed.id, { code: 'transcode_failed', message: 'Transcoding to 720p failed' }, later(30));
    await startedJob();

    expect(await recoverPipeline(deps)).toBe(3);
    expect(announced.map((change) => [change.status, change.jobId])).toEqual(
      expect.arrayContaining([
        ['COMPLETE', complete.id],
        ['ERROR', failed.id],
      ]),
    );
    expect(announced).toHaveLength(2);
  });
});
