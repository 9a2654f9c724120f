import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../core/clock/clock';
import { UpstreamError } from '../../core/errors/app-error';
import { requestIdHeader } from '../../core/legacy-api/request-id';
import { clientForwardingHeaders, hopByHopHeaderNames } from '../http/forwarding-headers';
import { readRequestBody } from '../http/read-request-body';
import { InvalidLambdaResultError, type EventContext, type HttpResponse, type IncomingHttpRequest } from '../lambda-events';
import { maxSyncPayloadBytes } from './lambda-invoker';

/** The headers a function sees: the client's, minus what must not cross a proxy, plus ours. */
export function forwardedRawHeaders(req: IncomingMessage, requestId: string): string[] {
  const dropped = new Set([...hopByHopHeaderNames(req.headers.connection), ...clientForwardingHeaders, requestIdHeader]);
  const kept: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!dropped.has(req.rawHeaders[i]!.toLowerCase())) kept.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  kept.push('x-request-id', requestId, 'x-forwarded-for', req.socket.remoteAddress ?? '', 'x-forwarded-proto', 'http');
  return kept;
}

/** Reads a request whole (at most what Lambda accepts synchronously, else 413) as a function will see it. */
export async function readFunctionRequest(req: IncomingMessage, requestId: string): Promise<IncomingHttpRequest> {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    rawHeaders: forwardedRawHeaders(req, requestId),
    body: await readRequestBody(req, maxSyncPayloadBytes),
    sourceIp: req.socket.remoteAddress ?? '',
    protocol: `HTTP/${req.httpVersion}`,
  };
}

/** The facts API Gateway adds to an event of this request. */
export function toEventContext(req: IncomingMessage, requestId: string, clock: Clock): EventContext {
  return { requestId, now: clock.now(), domainName: req.headers.host ?? 'localhost' };
}

/** A function's result as the response it means; a result API Gateway could not use is a 502. */
export function toHttpResponse(payload: unknown, fromResult: (payload: unknown) => HttpResponse): HttpResponse {
  try {
    return fromResult(payload);
  } catch (error) {
    if (error instanceof InvalidLambdaResultError) throw new UpstreamError('The service answered with a malformed response', { cause: error });
    throw error;
  }
}

// What a function's result may not set: framing is the proxy's, and so is the request id.
const droppedResultHeaders = new Set([...hopByHopHeaderNames(undefined), 'content-length', 'transfer-encoding', requestIdHeader]);

/** Writes a response that came back from a function, with this request's id. */
export function writeHttpResponse(res: ServerResponse, response: HttpResponse, requestId: string): void {
  res.statusCode = response.statusCode;
  for (const [name, value] of response.headers) {
    if (!droppedResultHeaders.has(name.toLowerCase())) res.appendHeader(name, value);
  }
  res.setHeader('x-request-id', requestId);
  res.setHeader('content-length', response.body.length);
  res.end(response.body);
}
