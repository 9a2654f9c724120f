import type { Failure } from '../videos/video';
import type { TranscodeJob } from './transcode-job';

/** A finished preset of a job: where its entry file is and what it measures. */
export interface RenditionOutput {
  readonly preset: string;
  readonly storageKey: string;
  readonly width: number;
  readonly height: number;
  readonly bitrateKbps: number;
  readonly sizeBytes: number;
}

/** Where jobs live, and the renditions they produce. Every method is one short transaction. */
export interface TranscodeJobStore {
  /**
   * Queues a job, marks its presets' renditions pending and its video `transcoding`. A job with the
   * same idempotency key is returned instead (`created: false`); a queued or processing job for the
   * video is a JobAlreadyActiveError.
   */
  enqueue(job: TranscodeJob): Promise<{ job: TranscodeJob; created: boolean }>;
  findById(id: string): Promise<TranscodeJob | undefined>;
  /** The video's most recently created job. */
  findLatestForVideo(videoId: string): Promise<TranscodeJob | undefined>;
  /** Queued jobs, oldest first. */
  listQueued(limit: number): Promise<TranscodeJob[]>;
  /** Moves a queued job to processing and counts the attempt; undefined if another worker took it. */
  claim(id: string, at: Date): Promise<TranscodeJob | undefined>;
  /** Puts jobs left `processing` (by a crash or a shutdown) back in the queue. */
  requeueProcessing(): Promise<number>;
  setProgress(id: string, progress: number): Promise<void>;
  /** Marks a preset the source cannot fill without upscaling. */
  markSkipped(jobId: string, videoId: string, preset: string, at: Date): Promise<void>;
  /**
   * Completes a job and points its renditions at the new outputs, atomically. Returns the storage
   * keys the renditions pointed at before (outputs of earlier jobs, now unused), or undefined when
   * the job no longer exists (its video was deleted).
   */
  complete(jobId: string, outputs: readonly RenditionOutput[], at: Date): Promise<string[] | undefined>;
  /** Fails a job and its still pending renditions; false when the job no longer exists. */
  fail(jobId: string, error: Failure, at: Date): Promise<boolean>;
}
