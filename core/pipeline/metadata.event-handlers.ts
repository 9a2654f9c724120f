import type { Clock } from '../clock/clock';
import { readStoredObjects } from '../events/s3-event';
import type { CapabilityOwnership } from '../flags/capability-ownership';
import { MediaUnreadableError } from '../media/media.errors';
import type { MetadataService } from '../metadata/metadata.service';
import type { ObjectStorage } from '../storage/object-storage';
import { videoIdOfSourceKey } from '../videos/video-keys';
import { announceOutcome, type Publish } from './announce-outcome';
import { SourceNotRegisteredError } from './source-not-registered.error';
import type { VideoSettler } from './video-settler';

export interface MetadataEventDeps {
  ownership: Pick<CapabilityOwnership, 'owns'>;
  metadata: Pick<MetadataService, 'extract'>;
  storage: Pick<ObjectStorage, 'stat'>;
  settler: Pick<VideoSettler, 'settle' | 'fail'>;
  publish: Publish;
  clock: Clock;
}

/** The metadata capability's events, served by whichever side owns it when the event arrives. */
export function metadataEventHandlers(deps: MetadataEventDeps) {
  return {
    /** S3 ObjectCreated: an uploaded original has its ffprobe metadata extracted, then its video settled if transcoding is done. */
    async onStoredObjects(event: unknown): Promise<void> {
      const objects = readStoredObjects(event);
      if (!(await deps.ownership.owns('metadata'))) return;
      for (const object of objects) {
        const videoId = videoIdOfSourceKey(object.key);
        if (videoId) await extract(videoId, object.key);
      }
    },
  };

  async function extract(videoId: string, key: string): Promise<void> {
    let settled;
    try {
      const metadata = await deps.metadata.extract(videoId);
      if (!metadata) {
        if (await deps.storage.stat(key)) throw new SourceNotRegisteredError(key);
        return;
      }
      settled = await deps.settler.settle(videoId, deps.clock.now());
    } catch (error) {
      // Retrying cannot make an unreadable file readable: the video fails with the reason.
      if (!(error instanceof MediaUnreadableError)) throw error;
      settled = await deps.settler.fail(videoId, { code: error.code, message: error.message }, deps.clock.now());
    }
    if (settled) await announceOutcome(deps.publish, settled);
  }
}
