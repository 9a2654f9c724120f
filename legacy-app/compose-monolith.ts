import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from '../core/auth/auth.config';
import { createAuthService, createAuthenticator } from '../core/auth/create-auth';
import { systemClock, type Clock } from '../core/clock/clock';
import { InProcessEventBus } from '../core/events/adapters/in-process-event-bus';
import { toS3ObjectCreatedEvent } from '../core/events/s3-event';
import { FfprobeMediaProbe } from '../core/media/adapters/ffprobe.media-probe';
import { locateMediaBinaries } from '../core/media/adapters/media-binaries';
import { TypeormMetadataStore } from '../core/metadata/adapters/typeorm-metadata.store';
import { MetadataService } from '../core/metadata/metadata.service';
import { createNotifications } from '../core/notifications/create-notifications';
import type { NotificationsConfig } from '../core/notifications/notifications.config';
import { TypeormVideoOutcomeRecorder } from '../core/pipeline/adapters/typeorm-video-outcome.recorder';
import { toMediaConvertEvent } from '../core/pipeline/job-state-events';
import { createPipelineHandlers } from '../core/pipeline/pipeline.handlers';
import { recoverPipeline } from '../core/pipeline/recover-pipeline';
import { topics } from '../core/pipeline/topics';
import { FsObjectStorage } from '../core/storage/adapters/fs.object-storage';
import { FfmpegTranscoder } from '../core/transcoding/adapters/ffmpeg.transcoder';
import { TypeormTranscodeJobStore } from '../core/transcoding/adapters/typeorm-transcode-job.store';
import type { JobStateChange } from '../core/transcoding/job-state-change';
import { TranscodeWorker } from '../core/transcoding/transcode.worker';
import type { TranscodingConfig } from '../core/transcoding/transcoding.config';
import { TranscodingService } from '../core/transcoding/transcoding.service';
import { TypeormVideoStore } from '../core/videos/adapters/typeorm-video.store';
import type { VideosConfig } from '../core/videos/videos.config';
import { VideosService } from '../core/videos/videos.service';
import { createApp } from './app';

export interface MonolithConfig {
  auth: AuthConfig;
  jsonBodyLimitBytes: number;
  videos: VideosConfig;
  transcoding: TranscodingConfig;
  notifications: NotificationsConfig;
}

/** The monolith: its HTTP app and the background work (transcodes, deliveries, the event pipeline) it runs in-process. */
export interface Monolith {
  app: Express;
  /** Starts the workers; the app serves requests either way. */
  start(): Promise<void>;
  /** Stops the workers and lets the events in flight finish. */
  stop(): Promise<void>;
}

// The local stand-in for S3 names its one bucket like this in events.
const bucket = 'local';

/**
 * Wires the whole monolith over one database: services, adapters (files, ffmpeg, webhooks, mail)
 * and the in-process pipeline whose events carry the AWS shapes the Lambdas will receive.
 */
export async function composeMonolith({ dataSource, config, logger, clock = systemClock }: { dataSource: DataSource; config: MonolithConfig; logger: Logger; clock?: Clock }): Promise<Monolith> {
  // Five attempts: an upload's storage event can arrive a moment before its video row is committed.
  const bus = new InProcessEventBus({ logger: logger.child({ component: 'event-bus' }), maxAttempts: 5, retryDelayMs: 200 });
  const storage = new FsObjectStorage({
    rootDir: config.videos.storageDir,
    bucket,
    logger,
    clock,
    onObjectCreated: (record) => bus.publish(topics.storedObjects, toS3ObjectCreatedEvent(record)),
  });
  const localPathOf = (key: string) => storage.filePath(key);
  const binaries = locateMediaBinaries();
  const probe = new FfprobeMediaProbe({ ffprobePath: binaries.ffprobePath });
  const videoStore = new TypeormVideoStore(dataSource);
  const jobs = new TypeormTranscodeJobStore(dataSource);
  const reportJobState = (change: JobStateChange) => bus.publish(topics.jobStates, toMediaConvertEvent(change, bucket));
  const worker = new TranscodeWorker({
    jobs,
    videos: videoStore,
    storage,
    localPathOf,
    probe,
    transcoder: new FfmpegTranscoder({ ffmpegPath: binaries.ffmpegPath, speed: config.transcoding.encoderSpeed }),
    onStateChange: reportJobState,
    clock,
    logger: logger.child({ component: 'transcode-worker' }),
    ...config.transcoding,
  });
  const transcoding = new TranscodingService({ jobs, videos: videoStore, clock, newId: randomUUID, onQueued: () => worker.kick() });
  const videos = new VideosService({
    store: videoStore,
    storage,
    clock,
    newId: randomUUID,
    uploadLimitBytes: config.videos.uploadLimitBytes,
    onDeleted: (videoId) => worker.cancel(videoId),
  });
  const metadata = new MetadataService({ store: new TypeormMetadataStore(dataSource), videos: videoStore, probe, localPathOf, clock });
  const notifications = createNotifications({ dataSource, config: config.notifications, logger: logger.child({ component: 'deliveries' }), clock });

  const handlers = createPipelineHandlers({
    videos: videoStore,
    transcoding,
    metadata,
    outcomes: new TypeormVideoOutcomeRecorder(dataSource),
    storage,
    publish: (topic, event) => bus.publish(topic, event),
    sendDeliveries: () => void notifications.worker.kick(),
    clock,
  });
  bus.subscribe(topics.storedObjects, handlers.onStoredObjects);
  bus.subscribe(topics.jobStates, handlers.onJobState);
  bus.subscribe(topics.videoOutcomes, handlers.onVideoOutcome);

  const app = createApp({
    auth: await createAuthService({ dataSource, config: config.auth, clock }),
    authenticator: await createAuthenticator({ dataSource, config: config.auth, clock }),
    videos,
    transcoding,
    metadata,
    subscriptions: notifications.subscriptions,
    logger,
    jsonBodyLimitBytes: config.jsonBodyLimitBytes,
    uploadLimitBytes: config.videos.uploadLimitBytes,
  });
  return {
    app,
    start: async () => {
      await worker.start();
      notifications.worker.start();
      const recovered = await recoverPipeline({ videos: videoStore, jobs, transcoding, reportJobState, clock });
      if (recovered > 0) logger.warn({ recovered }, 'videos whose pipeline a stop interrupted are on their way again');
    },
    stop: async () => {
      await worker.stop();
      await bus.drain();
      bus.close();
      await notifications.worker.stop();
    },
  };
}
