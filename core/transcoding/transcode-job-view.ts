import type { Failure } from '../videos/video';
import type { JobStatus, TranscodeJob } from './transcode-job';

/** The Job object of the legacy API. */
export interface JobView {
  id: string;
  videoId: string;
  status: JobStatus;
  presets: string[];
  progress: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  error: Failure | null;
}

/** Projects a stored job onto the legacy API's Job shape. */
export function toJobView(job: TranscodeJob): JobView {
  return {
    id: job.id,
    videoId: job.videoId,
    status: job.status,
    presets: [...job.presets],
    progress: job.progress,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    completedAt: job.completedAt?.toISOString() ?? null,
    error: job.error,
  };
}
