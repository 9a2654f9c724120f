import type { Clock } from '../clock/clock';
import { MalformedEventError } from '../events/event.errors';
import { readJobStateEvent } from '../events/mediaconvert-job-state';
import { readStoredObjects } from '../events/s3-event';
import { readSnsMessages, toSnsEnvelope } from '../events/sns-envelope';
import { MediaUnreadableError } from '../media/media.errors';
import type { VideoMetadata } from '../metadata/metadata';
import type { MetadataService } from '../metadata/metadata.service';
import type { ObjectStorage } from '../storage/object-storage';
import type { TranscodingService } from '../transcoding/transcoding.service';
import type { Failure } from '../videos/video';
import { videoIdOfSourceKey } from '../videos/video-keys';
import type { VideoStore } from '../videos/video.store';
import { failureCodeOf } from './job-state-events';
import { topics, videoOutcomeTopicArn } from './topics';
import type { VideoOutcome, VideoOutcomeMessage, VideoOutcomeRecorder } from './video-outcome.recorder';

export interface PipelineSteps {
  videos: Pick<VideoStore, 'renditionsOf'>;
  transcoding: Pick<TranscodingService, 'startForUpload'>;
  metadata: Pick<MetadataService, 'extract'>;
  outcomes: VideoOutcomeRecorder;
  storage: Pick<ObjectStorage, 'stat'>;
  publish: (topic: string, event: unknown) => Promise<void>;
  /** Told once an outcome's deliveries are in the outbox (the notifications step). */
  sendDeliveries: () => void;
  clock: Clock;
}

/** The original is stored, but its video row is not committed yet: failing makes the event come again. */
class SourceNotRegisteredError extends Error {
  constructor(key: string) {
    super(`No video is registered for ${key} yet`);
    this.name = 'SourceNotRegisteredError';
  }
}

/** Why a video whose every preset was skipped is not playable: each would have been an upscale. */
function tooSmallToTranscode({ video }: VideoMetadata): Failure {
  const size = video ? `${video.width}×${video.height}` : 'this size';
  return { code: 'source_too_small', message: `Every preset would upscale a ${size} video: the smallest, 480p, needs at least 480 lines` };
}

/**
 * The steps of the pipeline as event handlers, each taking the AWS-shaped event its source
 * sends. A handler that cannot do its work throws, so the event is retried or dead-lettered.
 */
export function createPipelineHandlers(steps: PipelineSteps) {
  async function finish(videoId: string, jobId: string, outcome: VideoOutcome): Promise<void> {
    const event = outcome.status === 'ready' ? 'video.ready' : 'video.failed';
    const eventKey = `${event}:${videoId}:${jobId}`;
    const at = steps.clock.now();
    if (!(await steps.outcomes.record(videoId, outcome, eventKey, at))) return;
    const message: VideoOutcomeMessage = { event, eventKey, videoId, occurredAt: at.toISOString() };
    await steps.publish(topics.videoOutcomes, toSnsEnvelope({ topicArn: videoOutcomeTopicArn, subject: event, message, time: at }));
  }

  return {
    /** S3 ObjectCreated: an uploaded original starts its transcode; every other key is ignored. */
    async onStoredObjects(event: unknown): Promise<void> {
      for (const object of readStoredObjects(event)) {
        const videoId = videoIdOfSourceKey(object.key);
        if (!videoId) continue;
        const job = await steps.transcoding.startForUpload(videoId);
        // No video yet but the file is there: the upload registers it a moment after storing.
        if (!job && (await steps.storage.stat(object.key))) throw new SourceNotRegisteredError(object.key);
      }
    },

    /** MediaConvert job state: a complete job has its metadata extracted and its video made ready; an error fails the video. */
    async onJobState(event: unknown): Promise<void> {
      const { detail } = readJobStateEvent(event);
      const { videoId, jobId } = detail.userMetadata;
      if (!videoId || !jobId) throw new MalformedEventError('A job state event without videoId and jobId in its userMetadata');
      if (detail.status === 'ERROR') {
        const error = { code: failureCodeOf(detail.errorCode), message: detail.errorMessage ?? 'Transcoding failed' };
        return finish(videoId, jobId, { status: 'failed', error });
      }
      if (detail.status !== 'COMPLETE') return;
      let metadata: VideoMetadata | undefined;
      try {
        metadata = await steps.metadata.extract(videoId);
      } catch (error) {
        if (!(error instanceof MediaUnreadableError)) throw error;
        return finish(videoId, jobId, { status: 'failed', error: { code: error.code, message: error.message } });
      }
      if (!metadata) return;
      const renditions = (await steps.videos.renditionsOf([videoId])).get(videoId) ?? [];
      if (!renditions.some((rendition) => rendition.status === 'ready')) {
        return finish(videoId, jobId, { status: 'failed', error: tooSmallToTranscode(metadata) });
      }
      await finish(videoId, jobId, { status: 'ready' });
    },

    /** SNS video outcome: its deliveries are in the outbox; send them now rather than at the next poll. */
    async onVideoOutcome(event: unknown): Promise<void> {
      readSnsMessages(event);
      steps.sendDeliveries();
    },
  };
}
