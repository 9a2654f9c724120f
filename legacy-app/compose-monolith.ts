import type { Express } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from '../core/auth/auth.config';
import type { EmailTransportConfig } from '../core/config/aws-adapters.config';
import { createAuthService, createAuthenticator } from '../core/auth/create-auth';
import { systemClock, type Clock } from '../core/clock/clock';
import { createLambdaClient } from '../core/events/adapters/create-lambda-client';
import { InProcessEventBus } from '../core/events/adapters/in-process-event-bus';
import { LambdaAsyncEventBus } from '../core/events/adapters/lambda-async.event-bus';
import type { EventPublisher } from '../core/events/event-bus';
import type { NotificationsConfig } from '../core/notifications/notifications.config';
import { createPipeline, localBucket, monolithEventHandlers } from '../core/pipeline/create-pipeline';
import { dispatchPipelineEvent } from '../core/pipeline/dispatch-pipeline-event';
import { eventSubscribers } from '../core/pipeline/event-subscribers';
import { toMediaConvertEvent } from '../core/pipeline/job-state-events';
import type { PipelineConfig } from '../core/pipeline/pipeline.config';
import { reconcilePipeline } from '../core/pipeline/reconcile-pipeline';
import { eventKindOfTopic, topics } from '../core/pipeline/topics';
import { FfmpegTranscoder } from '../core/transcoding/adapters/ffmpeg.transcoder';
import type { JobStateChange } from '../core/transcoding/job-state-change';
import { TranscodeWorker } from '../core/transcoding/transcode.worker';
import type { TranscodingConfig } from '../core/transcoding/transcoding.config';
import type { VideosConfig } from '../core/videos/videos.config';
import { VideosService } from '../core/videos/videos.service';
import { randomUUID } from 'node:crypto';
import { createApp } from './app';

export interface MonolithConfig {
  auth: AuthConfig;
  jsonBodyLimitBytes: number;
  videos: VideosConfig;
  transcoding: TranscodingConfig;
  notifications: NotificationsConfig;
  email: EmailTransportConfig;
  pipeline: PipelineConfig;
}

/** The monolith: its HTTP app, its side of the pipeline's events, and the background work it runs. */
export interface Monolith {
  app: Express;
  /** Handles one pipeline event for the capabilities the monolith owns (the lift-and-shift Lambda's entry). */
  handleEvent(event: unknown): Promise<void>;
  /** Starts the workers (ffmpeg, deliveries, the reconciler); the app serves requests either way. */
  start(): Promise<void>;
  /** Stops the workers and lets the events in flight finish. */
  stop(): Promise<void>;
}

interface Publishing {
  publisher: EventPublisher;
  /** Subscribes the monolith's own handlers when events stay in this process. */
  subscribe(handlers: ReturnType<typeof monolithEventHandlers>): void;
  drain(): Promise<void>;
}

function createPublishing(config: PipelineConfig, logger: Logger): Publishing {
  if (config.events.mode === 'lambda') {
    // Events cross processes: every subscriber, the monolith's own side included (as the
    // lift-and-shift Lambda), gets them by asynchronous invocation through the runtime.
    const client = createLambdaClient({ endpoint: config.events.lambdaEndpoint, region: config.events.region });
    return { publisher: new LambdaAsyncEventBus({ client, subscribers: eventSubscribers }), subscribe: () => undefined, drain: async () => undefined };
  }
  // Five attempts: an upload's storage event can arrive a moment before its video row is committed.
  const bus = new InProcessEventBus({ logger: logger.child({ component: 'event-bus' }), maxAttempts: 5, retryDelayMs: 200 });
  return {
    publisher: bus,
    subscribe: (handlers) => {
      for (const [topic, kind] of Object.entries(eventKindOfTopic)) for (const handler of handlers[kind]) bus.subscribe(topic, handler);
    },
    drain: async () => {
      await bus.drain();
      bus.close();
    },
  };
}

/**
 * Wires the whole monolith over one database: its routes, its side of the event pipeline, and
 * the local stand-ins it hosts (the ffmpeg worker in MediaConvert's place, the delivery sender,
 * the reconciler that re-announces work that stopped moving).
 */
export async function composeMonolith({ dataSource, config, logger, clock = systemClock }: { dataSource: DataSource; config: MonolithConfig; logger: Logger; clock?: Clock }): Promise<Monolith> {
  const publishing = createPublishing(config.pipeline, logger);
  // The worker is created below, with the pipeline's stores; it is only told once requests arrive.
  const pipeline = createPipeline({ dataSource, config, side: 'monolith', publisher: publishing.publisher, logger, clock, onJobQueued: () => worker.kick() });
  const reportJobState = (change: JobStateChange) => publishing.publisher.publish(topics.jobStates, toMediaConvertEvent(change, localBucket));
  const worker = new TranscodeWorker({
    jobs: pipeline.jobs,
    videos: pipeline.videos,
    storage: pipeline.storage,
    localPathOf: pipeline.localPathOf,
    probe: pipeline.probe,
    transcoder: new FfmpegTranscoder({ ffmpegPath: pipeline.binaries.ffmpegPath, speed: config.transcoding.encoderSpeed }),
    onStateChange: reportJobState,
    clock,
    logger: logger.child({ component: 'transcode-worker' }),
    ...config.transcoding,
  });
  const handlers = monolithEventHandlers(pipeline);
  publishing.subscribe(handlers);
  const videos = new VideosService({
    store: pipeline.videos,
    storage: pipeline.storage,
    clock,
    newId: randomUUID,
    uploadLimitBytes: config.videos.uploadLimitBytes,
    onDeleted: (videoId) => worker.cancel(videoId),
  });
  const app = createApp({
    auth: await createAuthService({ dataSource, config: config.auth, clock }),
    authenticator: await createAuthenticator({ dataSource, config: config.auth, clock }),
    videos,
    transcoding: pipeline.transcoding,
    metadata: pipeline.metadata,
    subscriptions: pipeline.notifications.subscriptions,
    logger,
    jsonBodyLimitBytes: config.jsonBodyLimitBytes,
    uploadLimitBytes: config.videos.uploadLimitBytes,
  });

  const reconcile = async () => {
    try {
      const announced = await reconcilePipeline({
        ...pipeline,
        metadata: pipeline.metadataStore,
        bucket: localBucket,
        publish: (topic, event) => publishing.publisher.publish(topic, event),
        reportJobState,
        clock,
        staleAfterMs: config.pipeline.staleAfterMs,
      });
      if (announced > 0) logger.warn({ announced }, 'work that had stopped moving was announced again');
    } catch (error) {
      logger.error({ err: error }, 'pipeline reconciliation failed; trying again at the next pass');
    }
  };
  let reconciler: NodeJS.Timeout | undefined;
  return {
    app,
    handleEvent: dispatchPipelineEvent(handlers),
    start: async () => {
      await worker.start();
      pipeline.notifications.worker.start();
      reconciler = setInterval(() => void reconcile(), config.pipeline.reconcileIntervalMs);
      reconciler.unref();
    },
    stop: async () => {
      clearInterval(reconciler);
      await worker.stop();
      await publishing.drain();
      await pipeline.notifications.worker.stop();
    },
  };
}
