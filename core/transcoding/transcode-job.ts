import type { Failure } from '../videos/video';

export type JobStatus = 'queued' | 'processing' | 'complete' | 'failed';

/** A request to encode one video into some presets, and how far it got. */
export interface TranscodeJob {
  readonly id: string;
  readonly videoId: string;
  readonly status: JobStatus;
  readonly presets: readonly string[];
  /** 0..100 over all presets of the job. */
  readonly progress: number;
  /** How many times a worker has started it (a crash mid-encode means another attempt). */
  readonly attempts: number;
  readonly idempotencyKey: string | null;
  readonly error: Failure | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
}
