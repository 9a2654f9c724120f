import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Clock } from '../../core/clock/clock';
import { UpstreamError } from '../../core/errors/app-error';
import { requestIdHeader } from '../../core/legacy-api/request-id';
import { clientForwardingHeaders, hopByHopHeaderNames } from '../http/forwarding-headers';
import { readRequestBody } from '../http/read-request-body';
import { fromApiGatewayV2Result, InvalidLambdaResultError, toApiGatewayV2Event, type HttpResponse, type IncomingHttpRequest, type LambdaAuthorizerContext } from '../lambda-events';
import type { MatchedRoute } from '../routing/match-route';
import type { LambdaAuthorizer } from './lambda-authorizer';
import { maxSyncPayloadBytes, type FunctionInvoker } from './lambda-invoker';

export interface LambdaDispatchOptions {
  invoker: FunctionInvoker;
  authorizer: LambdaAuthorizer;
  clock: Clock;
}

/** The headers a function sees: the client's, minus what must not cross a proxy, plus ours. */
function forwardedRawHeaders(req: IncomingMessage, requestId: string): string[] {
  const dropped = new Set([...hopByHopHeaderNames(req.headers.connection), ...clientForwardingHeaders, requestIdHeader]);
  const kept: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!dropped.has(req.rawHeaders[i]!.toLowerCase())) kept.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  kept.push('x-request-id', requestId, 'x-forwarded-for', req.socket.remoteAddress ?? '', 'x-forwarded-proto', 'http');
  return kept;
}

function withAuthorizerContext(event: APIGatewayProxyEventV2, lambda: LambdaAuthorizerContext): APIGatewayProxyEventV2 {
  return { ...event, requestContext: { ...event.requestContext, authorizer: { lambda } } } as APIGatewayProxyEventV2;
}

function toHttpResponse(payload: unknown): HttpResponse {
  try {
    return fromApiGatewayV2Result(payload);
  } catch (error) {
    if (error instanceof InvalidLambdaResultError) throw new UpstreamError('The service answered with a malformed response', { cause: error });
    throw error;
  }
}

function writeResponse(res: ServerResponse, response: HttpResponse, requestId: string): void {
  const dropped = new Set([...hopByHopHeaderNames(undefined), 'content-length', 'transfer-encoding', requestIdHeader]);
  res.statusCode = response.statusCode;
  for (const [name, value] of response.headers) {
    if (!dropped.has(name.toLowerCase())) res.appendHeader(name, value);
  }
  res.setHeader('x-request-id', requestId);
  res.setHeader('content-length', response.body.length);
  res.end(response.body);
}

/**
 * Serves a request with its route's Lambda, as API Gateway would: the request becomes a payload
 * v2.0 event (authorized first when the route needs a token), the result becomes the response.
 */
export function createLambdaDispatch({ invoker, authorizer, clock }: LambdaDispatchOptions) {
  return async (req: IncomingMessage, res: ServerResponse, matched: MatchedRoute, requestId: string): Promise<void> => {
    const request: IncomingHttpRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      rawHeaders: forwardedRawHeaders(req, requestId),
      body: await readRequestBody(req, maxSyncPayloadBytes),
      sourceIp: req.socket.remoteAddress ?? '',
      protocol: `HTTP/${req.httpVersion}`,
    };
    const { route, rawPathParameters } = matched;
    const routeMatch = { routeKey: `${route.method} ${route.path}`, pathParameters: rawPathParameters };
    const context = { requestId, now: clock.now(), domainName: req.headers.host ?? 'localhost' };
    const event = toApiGatewayV2Event(request, routeMatch, context);
    const invoked = route.auth ? withAuthorizerContext(event, await authorizer.authorize(event)) : event;
    writeResponse(res, toHttpResponse(await invoker.invoke(route.functionName!, invoked, requestId)), requestId);
  };
}
