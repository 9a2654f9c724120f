import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdHeader, resolveRequestId } from '../../core/legacy-api/request-id';

/**
 * Fixes the request's id at the edge: the caller's when acceptable, else a new one. It is echoed
 * to the caller and travels on to whichever side answers, so one request is one id everywhere.
 */
export function assignEdgeRequestId(req: IncomingMessage, res: ServerResponse): string {
  const requestId = resolveRequestId(req.headers[requestIdHeader]);
  req.headers[requestIdHeader] = requestId;
  res.setHeader('X-Request-Id', requestId);
  return requestId;
}
