import * as z from 'zod';
import type { Clock } from '../clock/clock';
import { NotFoundError } from '../errors/app-error';
import { parseInput } from '../validation/parse-input';
import { isUuid } from '../validation/uuid';
import type { VideoStore } from '../videos/video.store';
import { presetIds, presets, type Preset } from './presets';
import type { TranscodeJob } from './transcode-job';
import type { TranscodeJobStore } from './transcode-job.store';
import { toJobView, type JobView } from './transcode-job-view';
import { JobAlreadyActiveError } from './transcoding.errors';

const transcodeRequestSchema = z.object({
  presets: z
    .array(
      z.string().refine((id) => presetIds.includes(id), { error: (issue) => `unknown preset ${JSON.stringify(issue.input)}: use one of ${presetIds.join(', ')}` }),
    )
    .min(1, 'presets must name at least one preset (or be left out for all)')
    .refine((ids) => new Set(ids).size === ids.length, 'presets must not repeat a preset')
    .optional(),
});

export interface TranscodingServiceDeps {
  jobs: TranscodeJobStore;
  videos: VideoStore;
  clock: Clock;
  newId: () => string;
  /** Told when a job is queued, so a worker can pick it up at once. */
  onQueued?: () => void;
}

/** Presets, starting transcodes (on upload or on request) and reading jobs. */
export class TranscodingService {
  constructor(private readonly deps: TranscodingServiceDeps) {}

  listPresets(): { presets: Preset[] } {
    return { presets: [...presets] };
  }

  /** Queues a transcode of the caller's video into the requested presets (all by default). */
  async requestTranscode(ownerId: string, videoId: string, body: unknown): Promise<{ job: JobView }> {
    const input = parseInput(transcodeRequestSchema, body);
    await this.ownedVideo(ownerId, videoId);
    const { job } = await this.deps.jobs.enqueue(this.newJob(videoId, input.presets ?? presetIds, null));
    this.deps.onQueued?.();
    return { job: toJobView(job) };
  }

  /**
   * Queues the transcode an upload starts. Idempotent: a redelivered storage event finds the job
   * its first delivery created. Returns undefined when the video does not exist (deleted meanwhile).
   */
  async startForUpload(videoId: string): Promise<TranscodeJob | undefined> {
    if (!(await this.deps.videos.findById(videoId))) return undefined;
    try {
      const { job, created } = await this.deps.jobs.enqueue(this.newJob(videoId, presetIds, `upload:${videoId}`));
      if (created) this.deps.onQueued?.();
      return job;
    } catch (error) {
      // The customer asked for a transcode before the upload's event arrived: that job does the work.
      if (error instanceof JobAlreadyActiveError) return this.deps.jobs.findLatestForVideo(videoId);
      throw error;
    }
  }

  /** A job of one of the caller's videos. */
  async getJob(ownerId: string, jobId: string): Promise<JobView> {
    const job = isUuid(jobId) ? await this.deps.jobs.findById(jobId) : undefined;
    const video = job ? await this.deps.videos.findById(job.videoId) : undefined;
    if (!job || !video || video.ownerId !== ownerId) throw new NotFoundError('No such job');
    return toJobView(job);
  }

  private async ownedVideo(ownerId: string, videoId: string): Promise<void> {
    const video = isUuid(videoId) ? await this.deps.videos.findById(videoId) : undefined;
    if (!video || video.ownerId !== ownerId) throw new NotFoundError('No such video');
  }

  private newJob(videoId: string, presetList: readonly string[], idempotencyKey: string | null): TranscodeJob {
    return {
      id: this.deps.newId(),
      videoId,
      status: 'queued',
      presets: [...presetList],
      progress: 0,
      attempts: 0,
      idempotencyKey,
      error: null,
      createdAt: this.deps.clock.now(),
      startedAt: null,
      completedAt: null,
    };
  }
}
