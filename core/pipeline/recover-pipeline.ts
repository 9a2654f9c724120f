import type { Clock } from '../clock/clock';
import type { JobStateChange } from '../transcoding/job-state-change';
import type { TranscodeJobStore } from '../transcoding/transcode-job.store';
import type { TranscodingService } from '../transcoding/transcoding.service';
import type { VideoStore } from '../videos/video.store';

export interface PipelineRecoveryDeps {
  videos: VideoStore;
  jobs: TranscodeJobStore;
  transcoding: Pick<TranscodingService, 'startForUpload'>;
  /** Announces a job's end again, as its worker did before the stop. */
  reportJobState: (change: JobStateChange) => Promise<void>;
  clock: Clock;
}

// Enough for any backlog one restart leaves; the rest is picked up at the next start.
const batch = 1000;

/**
 * Re-drives videos whose next step was announced by an event that a stop or crash lost (the
 * in-process bus keeps events in memory): an upload without its job gets it, a video still
 * `transcoding` behind a finished job gets that job's end announced again. Every step is
 * idempotent, so recovering what was not lost does nothing twice. Returns how many were re-driven.
 */
export async function recoverPipeline({ videos, jobs, transcoding, reportJobState, clock }: PipelineRecoveryDeps): Promise<number> {
  let recovered = 0;
  for (const videoId of await videos.listIdsByStatus('uploaded', batch)) {
    if (await transcoding.startForUpload(videoId)) recovered += 1;
  }
  for (const videoId of await videos.listIdsByStatus('transcoding', batch)) {
    const job = await jobs.findLatestForVideo(videoId);
    if (job?.status === 'complete') {
      // The renditions were recorded with the job; the announcement only needs to say whose job ended.
      await reportJobState({ status: 'COMPLETE', jobId: job.id, videoId, at: clock.now(), outputs: [], durationMs: 0 });
      recovered += 1;
    } else if (job?.status === 'failed' && job.error) {
      await reportJobState({ status: 'ERROR', jobId: job.id, videoId, at: clock.now(), error: job.error });
      recovered += 1;
    }
  }
  return recovered;
}
