import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock';
import type { MediaInfo, MediaProbe } from '../media/media-info';
import { MediaUnreadableError, TranscodeFailedError } from '../media/media.errors';
import type { ObjectStorage } from '../storage/object-storage';
import { jobOutputPrefix, videoPrefix } from '../videos/video-keys';
import type { Failure } from '../videos/video';
import type { VideoStore } from '../videos/video.store';
import { largestFirst } from './encode-order';
import { EncodeSlots } from './encode-slots';
import type { JobStateChange } from './job-state-change';
import { findPreset, hlsVariants, type Preset } from './presets';
import { throttleProgress } from './progress-throttle';
import type { TranscodeJob } from './transcode-job';
import type { RenditionOutput, TranscodeJobStore } from './transcode-job.store';
import type { TranscodeRequest, Transcoder } from './transcoder';
import { assertWithinSourceLimits, SourceTooLargeError } from './source-limits';
import { canEncodeWithoutUpscaling } from './upscaling';

export interface TranscodeWorkerDeps {
  jobs: TranscodeJobStore;
  videos: VideoStore;
  storage: ObjectStorage;
  /** The local file of a stored object: encoders and probes read files. */
  localPathOf: (key: string) => string;
  probe: MediaProbe;
  transcoder: Transcoder;
  /** Reports job state changes to the pipeline (as MediaConvert does through EventBridge). */
  onStateChange: (change: JobStateChange) => Promise<void>;
  clock: Clock;
  logger: Logger;
  /** Encodes run at once, across jobs; as many jobs are taken at once, so one job's spare slots serve the next. */
  concurrency: number;
  /** Where encoders write before outputs are stored. */
  scratchDir: string;
  /** Starts of one job (crashes included) before it is failed rather than retried again. */
  maxAttempts: number;
  /** How often the queue is checked besides `kick()`, for jobs queued by other processes. */
  pollIntervalMs: number;
  progressIntervalMs?: number;
}

interface RunningJob {
  readonly videoId: string;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/** Failure of a job, with a code and a message a customer can read; anything else stays in the logs. */
function toFailure(error: unknown): Failure {
  if (error instanceof MediaUnreadableError || error instanceof TranscodeFailedError || error instanceof SourceTooLargeError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'Transcoding failed unexpectedly' };
}

/**
 * Runs queued transcode jobs, their presets' encodes in parallel up to a limit shared by all jobs.
 * Survives restarts: jobs a crash left `processing` are queued again at start, outputs go under
 * job-specific keys and renditions point at them only once every preset is stored.
 */
export class TranscodeWorker {
  private readonly running = new Map<string, RunningJob>();
  private readonly slots: EncodeSlots;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private passAgain = false;
  private stopped = true;

  constructor(private readonly deps: TranscodeWorkerDeps) {
    this.slots = new EncodeSlots(deps.concurrency);
  }

  async start(): Promise<void> {
    await mkdir(this.deps.scratchDir, { recursive: true });
    const requeued = await this.deps.jobs.requeueProcessing();
    if (requeued > 0) this.deps.logger.warn({ requeued }, 'jobs interrupted by a stop or crash are queued again');
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.deps.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks for queued jobs now. */
  kick(): void {
    if (this.stopped) return;
    if (this.pass) {
      this.passAgain = true;
      return;
    }
    this.pass = this.claimJobs()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'could not read the job queue'))
      .finally(() => {
        this.pass = undefined;
        if (this.passAgain) {
          this.passAgain = false;
          this.kick();
        }
      });
  }

  /** Stops the encodes of a deleted video. */
  cancel(videoId: string): void {
    for (const job of this.running.values()) if (job.videoId === videoId) job.controller.abort();
  }

  /** Stops taking jobs and interrupts running encodes; they are queued again at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.pass;
    for (const job of this.running.values()) job.controller.abort();
    await Promise.all([...this.running.values()].map((job) => job.done));
  }

  private async claimJobs(): Promise<void> {
    const free = this.deps.concurrency - this.running.size;
    if (free <= 0) return;
    const queued = await this.deps.jobs.listQueued(free + this.running.size);
    for (const candidate of queued) {
      if (this.stopped || this.running.size >= this.deps.concurrency) return;
      if (this.running.has(candidate.id)) continue;
      const job = await this.deps.jobs.claim(candidate.id, this.deps.clock.now());
      if (job) this.launch(job);
    }
  }

  private launch(job: TranscodeJob): void {
    const controller = new AbortController();
    const done = this.run(job, controller.signal)
      .catch((error: unknown) => this.deps.logger.error({ err: error, jobId: job.id }, 'transcode job crashed'))
      .finally(() => {
        this.running.delete(job.id);
        this.kick();
      });
    this.running.set(job.id, { videoId: job.videoId, controller, done });
  }

  private async run(job: TranscodeJob, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const log = deps.logger.child({ jobId: job.id, videoId: job.videoId });
    const video = await deps.videos.findById(job.videoId);
    if (!video) return;
    // An interrupted earlier attempt may have left partial outputs under this job's keys, and a
    // crashed one its encoder's scratch folders.
    const jobPrefix = `${videoPrefix(job.videoId)}jobs/${job.id}/`;
    const removeOutputs = async () => {
      await deps.storage.deletePrefix(jobPrefix);
      await this.removeScratchOf(job.id);
    };
    await removeOutputs();
    if (job.attempts > deps.maxAttempts) {
      return this.failJob(job, { code: 'too_many_attempts', message: `The job was interrupted ${deps.maxAttempts} times; giving up` });
    }
    log.info({ attempt: job.attempts, presets: job.presets }, 'transcode started');
    await deps.onStateChange({ status: 'PROGRESSING', jobId: job.id, videoId: job.videoId, at: deps.clock.now() });
    try {
      const inputPath = deps.localPathOf(video.sourceKey);
      const source = await deps.probe.probe(inputPath);
      assertWithinSourceLimits(source);
      const outputs = await this.encodeAll(job, inputPath, source, signal);
      const durationMs = Math.round(source.durationSeconds * 1000);
      const replaced = await deps.jobs.complete(job.id, outputs, deps.clock.now());
      if (!replaced) {
        await removeOutputs();
        return;
      }
      for (const key of replaced) await deps.storage.deletePrefix(key.slice(0, key.lastIndexOf('/') + 1));
      log.info({ presets: outputs.map((output) => output.preset) }, 'transcode complete');
      await deps.onStateChange({ status: 'COMPLETE', jobId: job.id, videoId: job.videoId, at: deps.clock.now(), outputs, durationMs });
    } catch (error) {
      // Nothing of an unfinished job stays stored: no rendition points at it.
      await removeOutputs();
      if (signal.aborted) {
        // Deleted video: its files are gone too. Shutdown: the job is queued again at start.
        log.info('transcode interrupted');
        return;
      }
      const failure = toFailure(error);
      if (failure.code === 'internal') log.error({ err: error }, 'transcode failed unexpectedly');
      else log.warn({ failure }, 'transcode failed');
      await this.failJob(job, failure);
    }
  }

  private async encodeAll(job: TranscodeJob, inputPath: string, source: MediaInfo, signal: AbortSignal): Promise<RenditionOutput[]> {
    const { deps } = this;
    const frame = source.video!;
    const wanted = job.presets.map((id) => findPreset(id)).filter((preset): preset is Preset => preset !== undefined);
    const encodable = wanted.filter((preset) => canEncodeWithoutUpscaling(preset, hlsVariants, frame));
    for (const preset of wanted) {
      if (!encodable.includes(preset)) await deps.jobs.markSkipped(job.id, job.videoId, preset.id, deps.clock.now());
    }
    const report = throttleProgress((percent) => deps.jobs.setProgress(job.id, percent), {
      intervalMs: deps.progressIntervalMs ?? 500,
      onWriteError: (error) => deps.logger.warn({ err: error, jobId: job.id }, 'could not record transcode progress'),
    });
    const fractions = encodable.map(() => 0);
    // A failed preset fails the job: its siblings are aborted rather than left to finish for nothing.
    const siblings = new AbortController();
    const encodeSignal = AbortSignal.any([signal, siblings.signal]);
    const outputs: RenditionOutput[] = [];
    const failures: unknown[] = [];
    await Promise.all(
      largestFirst(encodable, hlsVariants, frame).map(async (preset) => {
        const index = encodable.indexOf(preset);
        const onProgress = (fraction: number) => {
          fractions[index] = fraction;
          report(fractions.reduce((sum, each) => sum + each, 0) / fractions.length);
        };
        try {
          // The slot is held while the outputs are stored too: that is short beside the encode, and
          // bounds the scratch space in use by the concurrency as well.
          outputs[index] = await this.slots.run(() => this.encodeOne(job, { inputPath, preset, source, signal: encodeSignal, onProgress }), encodeSignal);
        } catch (error) {
          failures.push(error);
          siblings.abort();
        }
      }),
    );
    // The first failure is the cause; the later ones are mostly the aborts of its siblings.
    if (failures.length > 0) throw failures[0];
    return outputs;
  }

  /** Encodes one preset into a scratch folder of its own and stores the outputs under the job. */
  private async encodeOne(job: TranscodeJob, request: Omit<TranscodeRequest, 'outputDir'>): Promise<RenditionOutput> {
    const { deps } = this;
    const { preset } = request;
    const outputDir = await mkdtemp(path.join(deps.scratchDir, `${job.id}-${preset.id}-`));
    try {
      const output = await deps.transcoder.transcode({ ...request, outputDir });
      const prefix = jobOutputPrefix(job.videoId, job.id, preset.id);
      let sizeBytes = 0;
      for (const file of output.files) {
        sizeBytes += (await deps.storage.put(`${prefix}${file}`, createReadStream(path.join(outputDir, file)))).sizeBytes;
      }
      const { width, height, bitrateKbps } = output;
      return { preset: preset.id, storageKey: `${prefix}${output.entryFile}`, width, height, bitrateKbps, sizeBytes };
    } finally {
      await rm(outputDir, { recursive: true, force: true });
    }
  }

  private async removeScratchOf(jobId: string): Promise<void> {
    const leftovers = (await readdir(this.deps.scratchDir)).filter((name) => name.startsWith(`${jobId}-`));
    await Promise.all(leftovers.map((name) => rm(path.join(this.deps.scratchDir, name), { recursive: true, force: true })));
  }

  private async failJob(job: TranscodeJob, error: Failure): Promise<void> {
    const { deps } = this;
    if (!(await deps.jobs.fail(job.id, error, deps.clock.now()))) return;
    await deps.onStateChange({ status: 'ERROR', jobId: job.id, videoId: job.videoId, at: deps.clock.now(), error });
  }
}
