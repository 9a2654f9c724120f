import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Whether an event is an API Gateway HTTP API (payload v2.0) request. */
function isHttpEvent(event: unknown): event is APIGatewayProxyEventV2 {
  const candidate = event as Partial<APIGatewayProxyEventV2> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.version === '2.0' && typeof candidate.routeKey === 'string';
}

/**
 * One function serving both its HTTP routes and its pipeline events: API Gateway requests go to
 * `http`, anything else to `events`, whose failure fails the invocation so Lambda retries it.
 */
export function httpOrEvent(http: HttpHandler, events: (event: unknown) => Promise<void>) {
  return async (event: unknown, context: Context): Promise<APIGatewayProxyStructuredResultV2 | undefined> => {
    if (isHttpEvent(event)) return http(event, context);
    await events(event);
    return undefined;
  };
}
