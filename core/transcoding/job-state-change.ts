import type { Failure } from '../videos/video';
import type { RenditionOutput } from './transcode-job.store';

/** What a worker reports about a job; the pipeline turns it into a MediaConvert job-state event. */
export type JobStateChange =
  | { readonly status: 'PROGRESSING'; readonly jobId: string; readonly videoId: string; readonly at: Date }
  | { readonly status: 'COMPLETE'; readonly jobId: string; readonly videoId: string; readonly at: Date; readonly outputs: readonly RenditionOutput[]; readonly durationMs: number }
  | { readonly status: 'ERROR'; readonly jobId: string; readonly videoId: string; readonly at: Date; readonly error: Failure };
