import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import serverless from 'serverless-http';
import { readAuthConfig } from '../core/auth/auth.config';
import { createDataSource } from '../core/database/data-source';
import { readDatabaseConfig } from '../core/database/database.config';
import { createLogger } from '../core/logging/create-logger';
import { warmOnce } from '../extracted-functions/shared/warm-once';
import { composeEdgeProxy } from './compose-edge-proxy';
import { withWholeResponses } from './http/whole-responses';
import { readProxyConfig } from './proxy.config';

const logger = createLogger('edge-proxy');

// The proxy composed once per warm container: one pool, one flag cache, one Lambda client.
const serve = warmOnce(async () => {
  const config = readProxyConfig();
  const dataSource = await createDataSource(readDatabaseConfig(), { poolSize: 2 }).initialize();
  const proxy = await composeEdgeProxy({ config, authConfig: readAuthConfig(), dataSource, logger });
  // Every body base64: API Gateway decodes it, so renditions and JSON alike reach the customer byte for byte.
  return serverless(withWholeResponses(proxy.app), { binary: true });
});

/** The edge proxy behind API Gateway's HTTP API ($default route, payload v2.0). */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  return (await (await serve())(event, context)) as APIGatewayProxyStructuredResultV2;
}
