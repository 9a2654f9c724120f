import type { Clock } from '../clock/clock';
import { MalformedEventError } from '../events/event.errors';
import { readJobStateEvent, type MediaConvertJobStateEvent } from '../events/mediaconvert-job-state';
import { readStoredObjects } from '../events/s3-event';
import type { CapabilityOwnership } from '../flags/capability-ownership';
import type { ObjectStorage } from '../storage/object-storage';
import type { TranscodeJobStore } from '../transcoding/transcode-job.store';
import type { TranscodingService } from '../transcoding/transcoding.service';
import { videoIdOfSourceKey } from '../videos/video-keys';
import { announceOutcome, type Publish } from './announce-outcome';
import { outputsOfCompleteJob } from './job-outputs';
import { failureCodeOf } from './job-state-events';
import { SourceNotRegisteredError } from './source-not-registered.error';
import type { VideoSettler } from './video-settler';

export interface TranscodingEventDeps {
  ownership: Pick<CapabilityOwnership, 'owns'>;
  transcoding: Pick<TranscodingService, 'startForUpload'>;
  jobs: Pick<TranscodeJobStore, 'findById' | 'complete' | 'fail'>;
  storage: Pick<ObjectStorage, 'stat'>;
  settler: Pick<VideoSettler, 'settle'>;
  publish: Publish;
  clock: Clock;
}

/**
 * The transcoding capability's events, served by whichever side owns it when the event arrives.
 * A handler that cannot do its work throws, so the event is retried or dead-lettered.
 */
export function transcodingEventHandlers(deps: TranscodingEventDeps) {
  return {
    /** S3 ObjectCreated: an uploaded original gets its transcode job (one per upload); other keys are ignored. */
    async onStoredObjects(event: unknown): Promise<void> {
      const objects = readStoredObjects(event);
      if (!(await deps.ownership.owns('transcoding'))) return;
      for (const object of objects) {
        const videoId = videoIdOfSourceKey(object.key);
        if (!videoId) continue;
        const job = await deps.transcoding.startForUpload(videoId);
        // No video yet but the file is there: the upload registers it a moment after storing.
        if (!job && (await deps.storage.stat(object.key))) throw new SourceNotRegisteredError(object.key);
      }
    },

    /**
     * MediaConvert job state: a job that ended has its renditions and status recorded (unless its
     * transcoder recorded them already, as the local ffmpeg worker does), then settles its video
     * once its metadata is in too.
     */
    async onJobState(event: unknown): Promise<void> {
      const { detail } = readJobStateEvent(event);
      const { videoId, jobId } = detail.userMetadata;
      if (!videoId || !jobId) throw new MalformedEventError('A job state event without videoId and jobId in its userMetadata');
      if (detail.status !== 'COMPLETE' && detail.status !== 'ERROR') return;
      if (!(await deps.ownership.owns('transcoding'))) return;
      await recordJobEnd(detail, jobId);
      const settled = await deps.settler.settle(videoId, deps.clock.now());
      if (settled) await announceOutcome(deps.publish, settled);
    },
  };

  async function recordJobEnd(detail: MediaConvertJobStateEvent['detail'], jobId: string): Promise<void> {
    const job = await deps.jobs.findById(jobId);
    if (!job || job.status === 'complete' || job.status === 'failed') return;
    const at = deps.clock.now();
    if (detail.status === 'ERROR') {
      await deps.jobs.fail(jobId, { code: failureCodeOf(detail.errorCode), message: detail.errorMessage ?? 'Transcoding failed' }, at);
    } else {
      await deps.jobs.complete(jobId, await outputsOfCompleteJob(detail, jobId, deps.storage), at);
    }
  }
}
