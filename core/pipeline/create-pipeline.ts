import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock/clock';
import type { EmailTransportConfig } from '../config/aws-adapters.config';
import type { EventPublisher } from '../events/event-bus';
import { toS3ObjectCreatedEvent } from '../events/s3-event';
import { TypeormFlagStore } from '../flags/adapters/typeorm-flag.store';
import { CapabilityOwnership, type Side } from '../flags/capability-ownership';
import { FfprobeMediaProbe } from '../media/adapters/ffprobe.media-probe';
import { locateMediaBinaries } from '../media/adapters/media-binaries';
import { TypeormMetadataStore } from '../metadata/adapters/typeorm-metadata.store';
import { MetadataService } from '../metadata/metadata.service';
import { TypeormVideoEventFanOut } from '../notifications/adapters/typeorm-video-event-fan-out';
import { createNotifications } from '../notifications/create-notifications';
import type { NotificationsConfig } from '../notifications/notifications.config';
import { FsObjectStorage } from '../storage/adapters/fs.object-storage';
import { TypeormTranscodeJobStore } from '../transcoding/adapters/typeorm-transcode-job.store';
import { TranscodingService } from '../transcoding/transcoding.service';
import { TypeormVideoStore } from '../videos/adapters/typeorm-video.store';
import type { VideosConfig } from '../videos/videos.config';
import { TypeormVideoSettler } from './adapters/typeorm-video-settler';
import { metadataEventHandlers } from './metadata.event-handlers';
import { notificationsEventHandlers } from './notifications.event-handlers';
import type { PipelineEventKind } from './pipeline-event-kind';
import { topics } from './topics';
import { transcodingEventHandlers } from './transcoding.event-handlers';

export interface PipelineWiring {
  dataSource: DataSource;
  config: { videos: VideosConfig; notifications: NotificationsConfig; email: EmailTransportConfig };
  /** Which side this process serves: it acts on a capability's events only while it owns it. */
  side: Side;
  /** Where this process's events go (and what storage announces). */
  publisher: EventPublisher;
  logger: Logger;
  clock: Clock;
  /** Told when a transcode job is queued, so a local worker can start at once. */
  onJobQueued?: () => void;
}

// The local stand-in for S3 names its one bucket like this in events.
export const localBucket = 'local';

/**
 * The capabilities of the pipeline over one database, as both sides wire them: the monolith
 * (server or lift-and-shift Lambda) and the extracted functions. Each side picks what it serves.
 */
export function createPipeline({ dataSource, config, side, publisher, logger, clock, onJobQueued }: PipelineWiring) {
  const ownership = new CapabilityOwnership(new TypeormFlagStore(dataSource), side);
  const storage = new FsObjectStorage({
    rootDir: config.videos.storageDir,
    bucket: localBucket,
    logger,
    clock,
    onObjectCreated: (record) => publisher.publish(topics.storedObjects, toS3ObjectCreatedEvent(record)),
  });
  const localPathOf = (key: string) => storage.filePath(key);
  const binaries = locateMediaBinaries();
  const probe = new FfprobeMediaProbe({ ffprobePath: binaries.ffprobePath });
  const videos = new TypeormVideoStore(dataSource);
  const jobs = new TypeormTranscodeJobStore(dataSource);
  const metadataStore = new TypeormMetadataStore(dataSource);
  const settler = new TypeormVideoSettler(dataSource);
  const transcoding = new TranscodingService({ jobs, videos, clock, newId: randomUUID, ...(onJobQueued ? { onQueued: onJobQueued } : {}) });
  const metadata = new MetadataService({ store: metadataStore, videos, probe, localPathOf, clock });
  const notifications = createNotifications({ dataSource, config: config.notifications, logger: logger.child({ component: 'deliveries' }), clock, isActive: () => ownership.owns('notifications'), email: config.email });
  const publish = (topic: string, event: unknown) => publisher.publish(topic, event);

  const handlers = {
    transcoding: transcodingEventHandlers({ ownership, transcoding, jobs, storage, settler, publish, clock }),
    metadata: metadataEventHandlers({ ownership, metadata, storage, settler, publish, clock }),
    notifications: notificationsEventHandlers({ ownership, fanOut: new TypeormVideoEventFanOut(dataSource), sendDue: () => notifications.worker.kick(), clock }),
  };
  return { ownership, storage, localPathOf, binaries, probe, videos, jobs, metadataStore, settler, transcoding, metadata, notifications, handlers };
}

export type Pipeline = ReturnType<typeof createPipeline>;

/** Every handler of the monolith's side, by event kind: it serves all capabilities it still owns. */
export function monolithEventHandlers({ handlers }: Pipeline): Record<PipelineEventKind, Array<(event: unknown) => Promise<void>>> {
  return {
    storedObjects: [handlers.transcoding.onStoredObjects, handlers.metadata.onStoredObjects],
    jobState: [handlers.transcoding.onJobState],
    videoOutcome: [handlers.notifications.onVideoOutcome],
    schedule: [handlers.notifications.onSchedule],
  };
}
