import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, ScheduledEvent } from 'aws-lambda';
import { readAuthConfig } from '../core/auth/auth.config';
import { createDataSource } from '../core/database/data-source';
import { readDatabaseConfig } from '../core/database/database.config';
import { createLogger } from '../core/logging/create-logger';
import { pipelineEventKind } from '../core/pipeline/pipeline-event-kind';
import { warmOnce } from '../extracted-functions/shared/warm-once';
import { composeEdgeProxy } from './compose-edge-proxy';
import { serveBehindApiGateway } from './http/serve-behind-api-gateway';
import { readProxyConfig } from './proxy.config';

const logger = createLogger('edge-proxy');

// The proxy composed once per warm container: one pool, one flag cache, one Lambda client.
const compose = warmOnce(async () => {
  const config = readProxyConfig();
  const dataSource = await createDataSource(readDatabaseConfig(), { poolSize: 2 }).initialize();
  // No timer of its own: it would fire only while a request is in flight, in every container.
  const proxy = await composeEdgeProxy({ config, authConfig: readAuthConfig(), dataSource, logger, rolloutTimer: false });
  return { proxy, serve: serveBehindApiGateway(proxy.app) };
});

/**
 * The edge proxy behind API Gateway's HTTP API ($default route, payload v2.0). A Lambda's timers
 * stand still between invocations, so each request first catches up with the flags' version (a
 * container idle through a flip must not route by the old flag), and EventBridge's Scheduled Event
 * is the rollout controller's only tick: each judges every canary and lambda flag (on the
 * functions' alarms, see ROLLOUT_ALARM_PREFIX, and on what this container served).
 */
export async function handler(event: APIGatewayProxyEventV2 | ScheduledEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
  const { proxy, serve } = await compose();
  // A failed check keeps the last known flags, as the poll does: a database hiccup never stops routing.
  await proxy.flagCache.catchUp().catch((error: unknown) => logger.warn({ err: error }, 'flag version check failed; keeping the last known flags'));
  if (pipelineEventKind(event) === 'schedule') {
    await proxy.rollout.evaluate();
    return undefined;
  }
  return (await serve(event, context)) as APIGatewayProxyStructuredResultV2;
}
