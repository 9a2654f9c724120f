import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { systemClock } from '../clock/clock';
import { createLogger } from '../logging/create-logger';
import type { MediaProbe } from '../media/media-info';
import { MediaUnreadableError, TranscodeFailedError } from '../media/media.errors';
import { FsObjectStorage } from '../storage/adapters/fs.object-storage';
import type { ObjectStorage } from '../storage/object-storage';
import { TypeormVideoStore } from '../videos/adapters/typeorm-video.store';
import type { Rendition, Video } from '../videos/video';
import { videoPrefix } from '../videos/video-keys';
import { TranscodeJobEntity } from './adapters/transcode-job.entity';
import { TypeormTranscodeJobStore } from './adapters/typeorm-transcode-job.store';
import type { JobStateChange } from './job-state-change';
import type { TranscodeJob } from './transcode-job';
import { TranscodeWorker, type TranscodeWorkerDeps } from './transcode.worker';
import type { Transcoder } from './transcoder';
import { aJob, BlockingTranscoder, FakeProbe, FakeTranscoder, insertVideo, ThrowingTranscoder, UnreadableProbe } from './transcoding-test-kit';

const silent = createLogger('transcode-worker-test', 'silent');
const waitLong = { timeout: 5_000, interval: 5 };

describe('TranscodeWorker', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let jobs: TypeormTranscodeJobStore;
  let videos: TypeormVideoStore;
  let storage: FsObjectStorage;
  let storageDir: string;
  let scratchDir: string;
  const workers: TranscodeWorker[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    dataSource = await openMigrated(database);
    jobs = new TypeormTranscodeJobStore(dataSource);
    videos = new TypeormVideoStore(dataSource);
    storageDir = await mkdtemp(path.join(os.tmpdir(), '24hv-worker-storage-'));
    scratchDir = path.join(await mkdtemp(path.join(os.tmpdir(), '24hv-worker-scratch-')), 'scratch');
    storage = new FsObjectStorage({ rootDir: storageDir });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
    await rm(storageDir, { recursive: true, force: true });
    await rm(path.dirname(scratchDir), { recursive: true, force: true });
  });

  // A worker takes every queued job of the database: each test starts from an empty queue.
  beforeEach(async () => {
    await dataSource.createQueryBuilder().delete().from(TranscodeJobEntity).execute();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });

  /** A worker over the real stores and storage, reporting its state changes into `changes`. */
  function aWorker({ transcoder, probe = new FakeProbe(), ...settings }: { transcoder: Transcoder; probe?: MediaProbe } & Partial<TranscodeWorkerDeps>) {
    const changes: JobStateChange[] = [];
    const worker = new TranscodeWorker({
      jobs,
      videos,
      storage,
      localPathOf: (key) => storage.filePath(key),
      probe,
      transcoder,
      onStateChange: async (change) => {
        changes.push(change);
      },
      clock: systemClock,
      logger: silent,
      concurrency: 2,
      scratchDir,
      maxAttempts: 3,
      pollIntervalMs: 10,
      progressIntervalMs: 0,
      ...settings,
    });
    workers.push(worker);
    return { worker, changes };
  }

  /** A video whose original is in storage. */
  async function uploadedVideo(): Promise<Video> {
    const video = await insertVideo(dataSource);
    await storage.put(video.sourceKey, Buffer.from('an original the fake probe pretends to read'));
    return video;
  }

  async function queuedJob(videoId: string, presets: string[]): Promise<TranscodeJob> {
    return (await jobs.enqueue(aJob(videoId, { presets, createdAt: new Date() }))).job;
  }

  /** A job a worker had started when its process died: still `processing`, its attempts counted. */
  async function interruptedJob(videoId: string, presets: string[], attempts: number): Promise<TranscodeJob> {
    const job = await queuedJob(videoId, presets);
    await dataSource.getRepository(TranscodeJobEntity).update({ id: job.id }, { status: 'processing', attempts, startedAt: new Date(), progress: 30 });
    return job;
  }

  const jobPrefix = (job: TranscodeJob) => `${videoPrefix(job.videoId)}jobs/${job.id}/`;
  const statusOf = async (job: TranscodeJob) => (await jobs.findById(job.id))?.status;
  const reported = (changes: JobStateChange[], job: TranscodeJob) => changes.filter((change) => change.jobId === job.id);
  const statusesReported = (changes: JobStateChange[], job: TranscodeJob) => reported(changes, job).map((change) => change.status);

  /** Waits until the job's end (COMPLETE or ERROR) has been reported, and returns that report. */
  async function endReported(changes: JobStateChange[], job: TranscodeJob): Promise<JobStateChange> {
    await expect.poll(() => statusesReported(changes, job).filter((status) => status !== 'PROGRESSING'), waitLong).toHaveLength(1);
    const end = reported(changes, job).at(-1);
    if (!end) throw new Error(`nothing reported for ${job.id}`);
    return end;
  }

  async function renditionsOf(videoId: string): Promise<Record<string, Rendition>> {
    const renditions = (await videos.renditionsOf([videoId])).get(videoId) ?? [];
    return Object.fromEntries(renditions.map((rendition) => [rendition.preset, rendition]));
  }

  /** Bytes stored under a prefix. */
  async function storedBytes(prefix: string): Promise<number> {
    let total = 0;
    for (const key of await storage.list(prefix)) total += (await storage.stat(key))?.sizeBytes ?? 0;
    return total;
  }

  it('encodes a queued job: skips presets larger than the source, stores the outputs under the job and reports PROGRESSING then COMPLETE', async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['1080p', '720p', '480p', 'hls']);
    const transcoder = new FakeTranscoder();
    const { worker, changes } = aWorker({ transcoder, probe: new FakeProbe({ width: 1280, height: 720 }) });

    await worker.start();

    const end = await endReported(changes, job);
    const prefix = jobPrefix(job);
    expect(statusesReported(changes, job)).toEqual(['PROGRESSING', 'COMPLETE']);
    expect(end).toEqual({
      status: 'COMPLETE',
      jobId: job.id,
      videoId: video.id,
      at: expect.any(Date),
      durationMs: 2500,
      outputs: [
        { preset: '720p', storageKey: `${prefix}720p/720p.mp4`, width: 1280, height: 720, bitrateKbps: 2928, sizeBytes: await storedBytes(`${prefix}720p/`) },
        { preset: '480p', storageKey: `${prefix}480p/480p.mp4`, width: 854, height: 480, bitrateKbps: 1496, sizeBytes: await storedBytes(`${prefix}480p/`) },
        { preset: 'hls', storageKey: `${prefix}hls/master.m3u8`, width: 1280, height: 720, bitrateKbps: 2928, sizeBytes: await storedBytes(`${prefix}hls/`) },
      ],
    });
    expect([...transcoder.encoded].sort()).toEqual(['480p', '720p', 'hls']);
    expect(await storage.list(videoPrefix(video.id))).toEqual([
      `${prefix}480p/480p.mp4`,
      `${prefix}720p/720p.mp4`,
      `${prefix}hls/480p/index.m3u8`,
      `${prefix}hls/480p/index0.ts`,
      `${prefix}hls/master.m3u8`,
      video.sourceKey,
    ]);
    expect(await jobs.findById(job.id)).toMatchObject({ status: 'complete', progress: 100, attempts: 1, error: null, completedAt: expect.any(Date) });
    const renditions = await renditionsOf(video.id);
    expect(renditions['1080p']).toMatchObject({ status: 'skipped', storageKey: null });
    expect(renditions['720p']).toMatchObject({ status: 'ready', jobId: job.id, storageKey: `${prefix}720p/720p.mp4`, width: 1280, height: 720 });
    expect(renditions['480p']).toMatchObject({ status: 'ready', storageKey: `${prefix}480p/480p.mp4` });
    expect(renditions.hls).toMatchObject({ status: 'ready', storageKey: `${prefix}hls/master.m3u8` });
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it('records the progress over all presets while encoding', async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['480p', '720p']);
    const { worker } = aWorker({ transcoder: new BlockingTranscoder(['720p']) });

    await worker.start();

    // 480p done (half of the job), 720p half-way: three quarters.
    await expect.poll(async () => (await jobs.findById(job.id))?.progress, waitLong).toBe(75);
    expect(await statusOf(job)).toBe('processing');
  });

  it('picks up a job queued after start at kick(), without waiting for the next poll', async () => {
    const video = await uploadedVideo();
    const { worker, changes } = aWorker({ transcoder: new FakeTranscoder(), pollIntervalMs: 60_000 });
    await worker.start();
    const job = await queuedJob(video.id, ['480p']);

    worker.kick();

    expect((await endReported(changes, job)).status).toBe('COMPLETE');
  });

  it('encodes no more jobs at once than its concurrency, and starts the next when one ends', async () => {
    const queued: TranscodeJob[] = [];
    for (let index = 0; index < 4; index += 1) queued.push(await queuedJob((await uploadedVideo()).id, ['480p']));
    const transcoder = new BlockingTranscoder();
    const { worker } = aWorker({ transcoder, concurrency: 2 });

    await worker.start();
    await expect.poll(() => transcoder.blocked, waitLong).toHaveLength(2);
    // Several polls later, still two.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(transcoder.blocked).toHaveLength(2);
    const statuses = await Promise.all(queued.map(statusOf));
    expect(statuses.filter((status) => status === 'processing')).toHaveLength(2);
    expect(statuses.filter((status) => status === 'queued')).toHaveLength(2);

    const running = queued.filter((_job, index) => statuses[index] === 'processing');
    worker.cancel(running[0]?.videoId ?? '');

    await expect.poll(() => transcoder.blocked, waitLong).toHaveLength(3);
    expect(transcoder.aborted).toHaveLength(1);
  });

  it("encodes a job's presets at once, no more than its concurrency, and starts the next when one ends", async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['720p', '480p', 'hls']);
    const transcoder = new BlockingTranscoder();
    const { worker, changes } = aWorker({ transcoder, concurrency: 2 });

    await worker.start();
    await expect.poll(() => transcoder.blocked, waitLong).toHaveLength(2);
    // Several polls later, still two: the largest two, 480p waiting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...transcoder.blocked].sort()).toEqual(['720p', 'hls']);

    transcoder.finish('720p');

    await expect.poll(() => transcoder.blocked, waitLong).toHaveLength(3);
    expect(transcoder.blocked[2]).toBe('480p');
    expect(transcoder.blocking).toBe(2);
    transcoder.finish('hls');
    transcoder.finish('480p');
    expect((await endReported(changes, job)).status).toBe('COMPLETE');
  });

  it('runs no more encodes at once than its concurrency across jobs, a second job taking the slots the first leaves free', async () => {
    const first = await queuedJob((await uploadedVideo()).id, ['720p', '480p']);
    const second = await queuedJob((await uploadedVideo()).id, ['720p', '480p']);
    const transcoder = new BlockingTranscoder();
    const { worker } = aWorker({ transcoder, concurrency: 3 });

    await worker.start();
    await expect.poll(() => transcoder.blocked, waitLong).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(transcoder.blocked).toHaveLength(3);
    expect([await statusOf(first), await statusOf(second)]).toEqual(['processing', 'processing']);

    transcoder.finish('720p');

    await expect.poll(() => transcoder.blocked, waitLong).toHaveLength(4);
    expect(transcoder.blocking).toBe(3);
  });

  it('starts the encodes with the most pixels first, HLS counting all its variants, and lists the outputs in the order of the presets', async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['480p', '720p', '1080p', 'hls']);
    const transcoder = new FakeTranscoder();
    const { worker, changes } = aWorker({ transcoder, probe: new FakeProbe({ width: 1920, height: 1080 }), concurrency: 1 });

    await worker.start();

    expect(await endReported(changes, job)).toMatchObject({ status: 'COMPLETE', outputs: [{ preset: '480p' }, { preset: '720p' }, { preset: '1080p' }, { preset: 'hls' }] });
    expect(transcoder.encoded).toEqual(['1080p', 'hls', '720p', '480p']);
  });

  it("aborts the other encodes of a job when one fails, and fails the job with that preset's error, storing nothing", async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['720p', '480p', 'hls']);
    const transcoder = new BlockingTranscoder();
    const { worker, changes } = aWorker({ transcoder, concurrency: 3 });
    await worker.start();
    await expect.poll(() => transcoder.blocked, waitLong).toHaveLength(3);
    transcoder.finish('hls');
    await expect.poll(() => storage.list(jobPrefix(job)), waitLong).toHaveLength(3);

    transcoder.fail('480p', new TranscodeFailedError('480p', 'Error while opening encoder for output stream #0:0'));

    const error = { code: 'transcode_failed', message: 'Transcoding to 480p failed: Error while opening encoder for output stream #0:0' };
    expect(await endReported(changes, job)).toMatchObject({ status: 'ERROR', error });
    expect(transcoder.aborted).toEqual(['720p']);
    expect(await jobs.findById(job.id)).toMatchObject({ status: 'failed', error });
    expect(await storage.list(jobPrefix(job))).toEqual([]);
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it('queues a job a crash left processing again at start, and completes it as a further attempt', async () => {
    const video = await uploadedVideo();
    const job = await interruptedJob(video.id, ['480p'], 1);
    const { worker, changes } = aWorker({ transcoder: new FakeTranscoder() });

    await worker.start();

    expect((await endReported(changes, job)).status).toBe('COMPLETE');
    expect(await jobs.findById(job.id)).toMatchObject({ status: 'complete', attempts: 2, progress: 100 });
  });

  it('removes what an interrupted attempt left under the job and in the scratch folder before encoding again', async () => {
    const video = await uploadedVideo();
    const job = await interruptedJob(video.id, ['720p', '480p'], 1);
    await storage.put(`${jobPrefix(job)}720p/720p.mp4`, Buffer.from('half an mp4'));
    await storage.put(`${jobPrefix(job)}480p/partial-segment.ts`, Buffer.from('a partial file'));
    // A scratch folder of its own (removed with the others): the other tests expect theirs empty.
    const ownScratch = await mkdtemp(path.join(path.dirname(scratchDir), 'own-'));
    await mkdir(path.join(ownScratch, `${job.id}-720p-crashed`));
    await writeFile(path.join(ownScratch, `${job.id}-720p-crashed`, '720p.mp4'), 'half an mp4');
    await mkdir(path.join(ownScratch, 'another-job-480p-running'));
    const { worker, changes } = aWorker({ transcoder: new FakeTranscoder(), scratchDir: ownScratch });

    await worker.start();

    await endReported(changes, job);
    expect(await storage.list(jobPrefix(job))).toEqual([`${jobPrefix(job)}480p/480p.mp4`, `${jobPrefix(job)}720p/720p.mp4`]);
    expect(await readdir(ownScratch)).toEqual(['another-job-480p-running']);
  });

  it('fails a job started more than maxAttempts times with too_many_attempts, without encoding it', async () => {
    const video = await uploadedVideo();
    const job = await interruptedJob(video.id, ['480p'], 2);
    const transcoder = new FakeTranscoder();
    const { worker, changes } = aWorker({ transcoder, maxAttempts: 2 });

    await worker.start();

    const error = { code: 'too_many_attempts', message: 'The job was interrupted 2 times; giving up' };
    expect(await endReported(changes, job)).toEqual({ status: 'ERROR', jobId: job.id, videoId: video.id, at: expect.any(Date), error });
    expect(statusesReported(changes, job)).toEqual(['ERROR']);
    expect(await jobs.findById(job.id)).toMatchObject({ status: 'failed', attempts: 3, error });
    expect((await renditionsOf(video.id))['480p']?.status).toBe('failed');
    expect(transcoder.encoded).toEqual([]);
  });

  it('fails the job with media_unreadable when the source is not media', async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['720p', '480p']);
    const transcoder = new FakeTranscoder();
    const { worker, changes } = aWorker({ transcoder, probe: new UnreadableProbe() });

    await worker.start();

    const error = { code: 'media_unreadable', message: new MediaUnreadableError('moov atom not found').message };
    expect(await endReported(changes, job)).toEqual({ status: 'ERROR', jobId: job.id, videoId: video.id, at: expect.any(Date), error });
    expect(statusesReported(changes, job)).toEqual(['PROGRESSING', 'ERROR']);
    expect(await jobs.findById(job.id)).toMatchObject({ status: 'failed', error, completedAt: expect.any(Date) });
    const renditions = await renditionsOf(video.id);
    expect([renditions['720p']?.status, renditions['480p']?.status]).toEqual(['failed', 'failed']);
    expect(transcoder.encoded).toEqual([]);
  });

  it('fails the job with source_too_large, encoding nothing, when the source declares a gigapixel picture (a video bomb)', async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['720p']);
    const transcoder = new FakeTranscoder();
    const { worker, changes } = aWorker({ transcoder, probe: new FakeProbe({ width: 65_535, height: 65_535 }) });

    await worker.start();

    const error = { code: 'source_too_large', message: 'The video is too large to transcode: its picture is 65535×65535, more than 7680×4320 pixels' };
    expect(await endReported(changes, job)).toMatchObject({ status: 'ERROR', error });
    expect(transcoder.encoded).toEqual([]);
  });

  it("fails the job with transcode_failed and the encoder's reason when a preset cannot be encoded", async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['720p']);
    const failure = new TranscodeFailedError('720p', 'Error while opening encoder for output stream #0:0');
    const { worker, changes } = aWorker({ transcoder: new ThrowingTranscoder(failure, '720p') });

    await worker.start();

    const error = { code: 'transcode_failed', message: 'Transcoding to 720p failed: Error while opening encoder for output stream #0:0' };
    expect(await endReported(changes, job)).toMatchObject({ status: 'ERROR', error });
    expect(await jobs.findById(job.id)).toMatchObject({ status: 'failed', error });
  });

  it('fails the job as internal with a generic message when something unexpected breaks, showing none of it', async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['480p']);
    const crash = new Error(`EACCES: permission denied, open '${scratchDir}/secret-path/480p.mp4'`);
    const { worker, changes } = aWorker({ transcoder: new ThrowingTranscoder(crash, '480p') });

    await worker.start();

    const error = { code: 'internal', message: 'Transcoding failed unexpectedly' };
    expect(await endReported(changes, job)).toMatchObject({ status: 'ERROR', error });
    expect(await jobs.findById(job.id)).toMatchObject({ status: 'failed', error });
    expect(JSON.stringify(changes)).not.toContain('secret-path');
  });

  it('stops the encodes of a deleted video: none more is started, stored or reported, and other videos go on', async () => {
    const deleted = await uploadedVideo();
    const other = await uploadedVideo();
    const job = await queuedJob(deleted.id, ['720p', '480p', 'hls']);
    const transcoder = new BlockingTranscoder();
    const { worker, changes } = aWorker({ transcoder, concurrency: 2 });
    await worker.start();
    await expect.poll(() => transcoder.blocked, waitLong).toHaveLength(2);
    // Its 480p waits for a slot, and so, behind it, does the other video's job.
    const otherJob = await queuedJob(other.id, ['720p']);
    worker.kick();
    await expect.poll(() => statusOf(otherJob), waitLong).toBe('processing');

    // As VideosService.delete does it: the row (jobs cascade), then the worker, then the files.
    await videos.delete(deleted.id);
    worker.cancel(deleted.id);
    await storage.deletePrefix(videoPrefix(deleted.id));

    await expect.poll(() => transcoder.blocked, waitLong).toHaveLength(3);
    expect([...transcoder.aborted].sort()).toEqual(['720p', 'hls']);
    expect(transcoder.blocked[2]).toBe('720p');
    expect(await storage.list(videoPrefix(deleted.id))).toEqual([]);
    expect(statusesReported(changes, job)).toEqual(['PROGRESSING']);
    expect(await statusOf(otherJob)).toBe('processing');
    expect(transcoder.encoded).toEqual([]);
  });

  it('interrupts running encodes at stop(), leaving the job processing for the next start to finish', async () => {
    const video = await uploadedVideo();
    const job = await queuedJob(video.id, ['480p']);
    const blocking = new BlockingTranscoder();
    const first = aWorker({ transcoder: blocking });
    await first.worker.start();
    await expect.poll(() => blocking.blocked, waitLong).toHaveLength(1);

    await first.worker.stop();

    expect(blocking.aborted).toEqual(['480p']);
    expect(await jobs.findById(job.id)).toMatchObject({ status: 'processing', attempts: 1, error: null });
    expect(statusesReported(first.changes, job)).toEqual(['PROGRESSING']);

    const second = aWorker({ transcoder: new FakeTranscoder() });
    await second.worker.start();

    expect((await endReported(second.changes, job)).status).toBe('COMPLETE');
    expect(await jobs.findById(job.id)).toMatchObject({ status: 'complete', attempts: 2 });
  });

  it('replaces the outputs of an earlier job and deletes their files, keeping the presets it did not redo', async () => {
    const video = await uploadedVideo();
    const earlier = await queuedJob(video.id, ['720p', '480p']);
    const { worker, changes } = aWorker({ transcoder: new FakeTranscoder() });
    await worker.start();
    await endReported(changes, earlier);

    const job = await queuedJob(video.id, ['720p']);
    worker.kick();
    await endReported(changes, job);

    const renditions = await renditionsOf(video.id);
    expect(renditions['720p']).toMatchObject({ status: 'ready', jobId: job.id, storageKey: `${jobPrefix(job)}720p/720p.mp4` });
    expect(renditions['480p']).toMatchObject({ status: 'ready', jobId: earlier.id, storageKey: `${jobPrefix(earlier)}480p/480p.mp4` });
    expect(await storage.list(videoPrefix(video.id))).toEqual([`${jobPrefix(earlier)}480p/480p.mp4`, `${jobPrefix(job)}720p/720p.mp4`, video.sourceKey].sort());
  });

  describe('cleaning up after failures', () => {
    it('removes the outputs already stored when another preset of the job fails after them', async () => {
      const video = await uploadedVideo();
      const job = await queuedJob(video.id, ['480p', '720p']);
      const transcoder = new BlockingTranscoder(['720p']);
      const { worker, changes } = aWorker({ transcoder });
      await worker.start();
      await expect.poll(() => storage.list(jobPrefix(job)), waitLong).toEqual([`${jobPrefix(job)}480p/480p.mp4`]);

      transcoder.fail('720p', new TranscodeFailedError('720p', 'Error while opening encoder'));

      expect((await endReported(changes, job)).status).toBe('ERROR');
      expect(await storage.list(jobPrefix(job))).toEqual([]);
    });

    it('removes what interrupted attempts left when it gives up on a job', async () => {
      const video = await uploadedVideo();
      const job = await interruptedJob(video.id, ['480p'], 2);
      await storage.put(`${jobPrefix(job)}480p/480p.mp4`, Buffer.from('from an interrupted attempt'));
      const { worker, changes } = aWorker({ transcoder: new FakeTranscoder(), maxAttempts: 2 });

      await worker.start();

      expect((await endReported(changes, job)).status).toBe('ERROR');
      expect(await storage.list(jobPrefix(job))).toEqual([]);
    });

    it('leaves no file of a video deleted while one of its outputs was being stored', async () => {
      const video = await uploadedVideo();
      const job = await queuedJob(video.id, ['720p', '480p']);
      let release = () => undefined as void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let storing = false;
      const slowStorage: ObjectStorage = {
        put: async (key, body) => {
          if (key.startsWith(jobPrefix(job))) {
            storing = true;
            await gate;
          }
          return storage.put(key, body);
        },
        stat: (key) => storage.stat(key),
        read: (key, range) => storage.read(key, range),
        list: (prefix) => storage.list(prefix),
        delete: (key) => storage.delete(key),
        deletePrefix: (prefix) => storage.deletePrefix(prefix),
      };
      const { worker } = aWorker({ transcoder: new FakeTranscoder(), storage: slowStorage });
      await worker.start();
      await expect.poll(() => storing, waitLong).toBe(true);

      // VideosService.delete: the row, then the worker, then the files (without waiting for the worker).
      await videos.delete(video.id);
      worker.cancel(video.id);
      await storage.deletePrefix(videoPrefix(video.id));
      release();
      await worker.stop();

      expect(await storage.list(videoPrefix(video.id))).toEqual([]);
    });

    it('finishes the job when a progress write fails', async () => {
      class FailingProgressStore extends TypeormTranscodeJobStore {
        override async setProgress(): Promise<void> {
          throw new Error('Connection terminated unexpectedly');
        }
      }
      const video = await uploadedVideo();
      const job = await queuedJob(video.id, ['480p']);
      const { worker, changes } = aWorker({ transcoder: new FakeTranscoder(), jobs: new FailingProgressStore(dataSource) });

      await worker.start();

      expect((await endReported(changes, job)).status).toBe('COMPLETE');
    });
  });
});
