import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { createDataSource } from '../../core/database/data-source';
import { readDatabaseConfig } from '../../core/database/database.config';
import { createLogger } from '../../core/logging/create-logger';
import { composeMonolith } from '../../legacy-app/compose-monolith';
import { readMonolithConfig } from '../../legacy-app/monolith.config';
import { warmOnce } from '../shared/warm-once';
import { createHttpEventServer } from './serve-http-event';

const logger = createLogger('fn-legacy-monolith');

// The monolith composed once per warm container. Its workers are not started: a Lambda is frozen
// between invocations, so background work stays with the monolith's server process.
const monolith = warmOnce(async () => {
  const databaseConfig = readDatabaseConfig();
  const dataSource = await createDataSource(databaseConfig, { poolSize: 2 }).initialize();
  const composed = await composeMonolith({ dataSource, config: readMonolithConfig(databaseConfig.dataDir), logger });
  return { handleEvent: composed.handleEvent, serveHttp: createHttpEventServer(composed.app) };
});

/** Whether an event is an API Gateway REST API (payload v1) request, the only HTTP shape aws-serverless-express reads. */
function isRestApiEvent(event: unknown): event is APIGatewayProxyEvent {
  const candidate = event as Partial<APIGatewayProxyEvent> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.httpMethod === 'string' && typeof candidate.path === 'string';
}

/** The whole monolith as one Lambda: every legacy route (REST v1 events) and the monolith's side of the pipeline's events. */
export async function handler(event: unknown, context: Context): Promise<APIGatewayProxyResult | undefined> {
  const { handleEvent, serveHttp } = await monolith();
  if (isRestApiEvent(event)) return serveHttp(event, context);
  await handleEvent(event);
  return undefined;
}
