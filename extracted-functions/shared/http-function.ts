import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Logger } from 'pino';
import { NotFoundError } from '../../core/errors/app-error';
import { toLegacyErrorResponse } from '../../core/legacy-api/error-response';
import { requestIdHeader, resolveRequestId } from '../../core/legacy-api/request-id';

/** What a route answers: a status and a JSON body (or no body, for 204). */
export interface JsonReply {
  status: number;
  body?: unknown;
}

export type HttpRoute = (event: APIGatewayProxyEventV2) => Promise<JsonReply>;

/** Routes keyed by API Gateway route key, e.g. `POST /api/auth/signup`. */
export type HttpRoutes = Record<string, HttpRoute>;

function toResult(reply: JsonReply, requestId: string, extraHeaders: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  // Same bytes as Express's res.json: JSON.stringify without spacing, the same content type.
  const headers: Record<string, string> = { ...extraHeaders, 'x-request-id': requestId };
  if (reply.body === undefined) return { statusCode: reply.status, headers, body: '' };
  headers['content-type'] = 'application/json; charset=utf-8';
  return { statusCode: reply.status, headers, body: JSON.stringify(reply.body), isBase64Encoded: false };
}

/**
 * Turns a table of routes into an API Gateway (payload v2.0) Lambda handler that answers in the
 * legacy format: request id echoed, errors mapped by the same function the monolith uses. Each
 * request is logged once under the edge's `requestId`, beside Lambda's own `awsRequestId`.
 */
export function createHttpFunction(routes: HttpRoutes, logger: Logger) {
  const answer = async (event: APIGatewayProxyEventV2, requestId: string, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const route = routes[event.routeKey];
      if (!route) throw new NotFoundError(`No route for ${event.requestContext.http.method} ${event.rawPath}`);
      return toResult(await route(event), requestId);
    } catch (error) {
      const response = toLegacyErrorResponse(error);
      if (response.status >= 500) {
        logger.error({ err: error, requestId, awsRequestId: context.awsRequestId, routeKey: event.routeKey }, 'request failed');
      }
      return toResult({ status: response.status, body: response.body }, requestId, response.headers);
    }
  };
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    // The edge sends its id in both places; API Gateway alone (a route called directly) only in the context.
    const requestId = resolveRequestId(event.headers?.[requestIdHeader] ?? event.requestContext.requestId);
    const result = await answer(event, requestId, context);
    logger.info({ requestId, awsRequestId: context.awsRequestId, routeKey: event.routeKey, status: result.statusCode }, 'request completed');
    return result;
  };
}
