import type { RequestHandler } from 'express';
import { requestIdHeader, resolveRequestId } from '../../core/legacy-api/request-id';

/** Gives every request an id (the caller's, when it is a plain token) and echoes it back. */
export function assignRequestId(): RequestHandler {
  return (req, res, next) => {
    const requestId = resolveRequestId(req.headers[requestIdHeader]);
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    next();
  };
}
