import type { DataSource } from 'typeorm';
import { systemClock } from '../../core/clock/clock';
import { readAwsAdaptersConfig } from '../../core/config/aws-adapters.config';
import { createDataSource } from '../../core/database/data-source';
import { readDatabaseConfig } from '../../core/database/database.config';
import { createLambdaClient } from '../../core/events/adapters/create-lambda-client';
import { LambdaAsyncEventBus } from '../../core/events/adapters/lambda-async.event-bus';
import type { Logger } from '../../core/logging/create-logger';
import { readNotificationsConfig } from '../../core/notifications/notifications.config';
import { createPipeline, type Pipeline } from '../../core/pipeline/create-pipeline';
import { eventSubscribers } from '../../core/pipeline/event-subscribers';
import { readPipelineConfig } from '../../core/pipeline/pipeline.config';
import { readVideosConfig } from '../../core/videos/videos.config';
import { warmOnce } from './warm-once';

/**
 * The pipeline as an extracted function wires it: the Lambda side, publishing by asynchronous
 * invocation. One data source per warm container, created at the first invocation, and handed
 * out with the pipeline for work that needs its own transaction (a dry run).
 */
export function warmPipeline(logger: Logger): () => Promise<Pipeline & { readonly dataSource: DataSource }> {
  return warmOnce(async () => {
    const databaseConfig = readDatabaseConfig();
    const { events } = readPipelineConfig({ EVENT_DELIVERY: 'lambda', ...process.env });
    const region = events.mode === 'lambda' ? events.region : 'us-east-1';
    const client = createLambdaClient({ endpoint: events.mode === 'lambda' ? events.lambdaEndpoint : undefined, region });
    const dataSource = await createDataSource(databaseConfig, { poolSize: 2 }).initialize();
    const pipeline = createPipeline({
      dataSource,
      config: { videos: readVideosConfig(databaseConfig.dataDir), notifications: readNotificationsConfig(databaseConfig.dataDir), email: readAwsAdaptersConfig().email },
      side: 'lambda',
      publisher: new LambdaAsyncEventBus({ client, subscribers: eventSubscribers }),
      logger,
      clock: systemClock,
    });
    return { ...pipeline, dataSource };
  });
}
