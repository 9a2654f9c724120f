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
 * legacy format: request id echoed, errors mapped by the same function the monolith uses.
 */
export function createHttpFunction(routes: HttpRoutes, logger: Logger) {
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const requestId = resolveRequestId(event.headers?.[requestIdHeader]);
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
}
