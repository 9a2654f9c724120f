import type { Clock } from '../clock/clock';
import { toS3ObjectCreatedEvent } from '../events/s3-event';
import type { MetadataStore } from '../metadata/metadata.store';
import type { ObjectStorage } from '../storage/object-storage';
import type { JobStateChange } from '../transcoding/job-state-change';
import type { TranscodeJobStore } from '../transcoding/transcode-job.store';
import type { VideoStore } from '../videos/video.store';
import { announceOutcome, type Publish } from './announce-outcome';
import { topics } from './topics';
import type { VideoSettler } from './video-settler';

export interface PipelineReconcilerDeps {
  videos: Pick<VideoStore, 'listIdsByStatus' | 'findById'>;
  jobs: Pick<TranscodeJobStore, 'findLatestForVideo'>;
  metadata: Pick<MetadataStore, 'findByVideoId'>;
  settler: Pick<VideoSettler, 'unannounced'>;
  storage: Pick<ObjectStorage, 'stat'>;
  bucket: string;
  publish: Publish;
  /** Announces a job's end again, in the shape its transcoder did. */
  reportJobState: (change: JobStateChange) => Promise<void>;
  clock: Clock;
  /** Work untouched for this long is considered stuck, not merely in flight. */
  staleAfterMs: number;
}

// Enough for any backlog one pass meets; the rest waits for the next pass.
const batch = 500;

/**
 * The pipeline's safety net. Events are delivered at least once, but an event can still be lost
 * (a crash before it was published) or skipped by both sides (each asked who owns the capability
 * on either side of a flip). A pass finds work that stopped moving and announces its last event
 * again; whichever side owns the capability now acts on it, and every step is idempotent (unique
 * keys), so re-announcing work that was merely slow does nothing twice. Returns how many it re-announced.
 */
export async function reconcilePipeline(deps: PipelineReconcilerDeps): Promise<number> {
  const staleBefore = new Date(deps.clock.now().getTime() - deps.staleAfterMs);
  let announced = 0;
  for (const videoId of [...(await deps.videos.listIdsByStatus('uploaded', batch)), ...(await deps.videos.listIdsByStatus('transcoding', batch))]) {
    if (await reannounceVideo(deps, videoId, staleBefore)) announced += 1;
  }
  for (const event of await deps.settler.unannounced(staleBefore, batch)) {
    await announceOutcome(deps.publish, event);
    announced += 1;
  }
  return announced;
}

async function reannounceVideo(deps: PipelineReconcilerDeps, videoId: string, staleBefore: Date): Promise<boolean> {
  const video = await deps.videos.findById(videoId);
  if (!video || video.updatedAt >= staleBefore) return false;
  const job = await deps.jobs.findLatestForVideo(videoId);
  const jobEnded = job?.status === 'complete' || job?.status === 'failed';
  if (job && !jobEnded) return false;
  const missingMetadata = !(await deps.metadata.findByVideoId(videoId));
  const stored = !job || missingMetadata ? await deps.storage.stat(video.sourceKey) : undefined;
  if (stored) {
    // A re-announcement has no content hash at hand; no handler reads it.
    await deps.publish(topics.storedObjects, toS3ObjectCreatedEvent({ bucket: deps.bucket, key: video.sourceKey, sizeBytes: stored.sizeBytes, eTag: '', time: deps.clock.now() }));
  } else if (!job) {
    return false;
  }
  if (job?.status === 'complete') {
    await deps.reportJobState({ status: 'COMPLETE', jobId: job.id, videoId, at: deps.clock.now(), outputs: [], durationMs: 0 });
  } else if (job?.status === 'failed') {
    await deps.reportJobState({ status: 'ERROR', jobId: job.id, videoId, at: deps.clock.now(), error: job.error ?? { code: 'transcode_failed', message: 'Transcoding failed' } });
  }
  return true;
}
