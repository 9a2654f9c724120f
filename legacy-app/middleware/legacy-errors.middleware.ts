import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { NotFoundError } from '../../core/errors/app-error';
import { toLegacyErrorResponse } from '../../core/legacy-api/error-response';
import { drainRequest, lingerAfterAnswer } from '../http/drain-request';

/** Any path the monolith does not serve answers the legacy 404. */
export function answerUnknownRoute(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`No route for ${req.method} ${req.path}`));
}

/**
 * Express fails a path parameter that is not valid percent-encoding (`/api/videos/%E0%A4%A`) with a
 * URIError. No resource has such a name: it is the legacy 404, as on the Lambdas, which keep such a
 * segment as received (decode-percent-encoding.ts) and find nothing by it.
 */
function undecodablePathAsNotFound(error: unknown, path: string): unknown {
  return error instanceof URIError ? new NotFoundError(`No resource at ${path}: the path is not valid percent-encoding`) : error;
}

// How long the rest of a refused body is still read after the answer, before the connection is cut.
const lingerMs = 5_000;

/**
 * The one place the monolith turns errors into the legacy error format. The rest of a request
 * body refused early (a 401 before an upload, a 415 after its first bytes) is read first, up to
 * `drainLimitBytes`, so the client gets the answer instead of a broken pipe; past that, the
 * answer goes out and the body is read a little longer before the connection is cut.
 */
export function answerLegacyError(logger: Logger, drainLimitBytes: number): ErrorRequestHandler {
  return async (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const response = toLegacyErrorResponse(undecodablePathAsNotFound(error, req.path));
    if (response.status >= 500) logger.error({ err: error, requestId: res.locals.requestId }, 'request failed');
    // A body announced, or found, larger than the drain limit is not worth reading before answering.
    const drained = Number(req.headers['content-length']) > drainLimitBytes ? false : await drainRequest(req, drainLimitBytes);
    if (!drained) lingerAfterAnswer(req, res, lingerMs);
    res.status(response.status).set(response.headers).json(response.body);
  };
}
