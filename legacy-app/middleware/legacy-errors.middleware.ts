import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { NotFoundError } from '../../core/errors/app-error';
import { toLegacyErrorResponse } from '../../core/legacy-api/error-response';
import { drainRequest } from '../http/drain-request';

/** Any path the monolith does not serve answers the legacy 404. */
export function answerUnknownRoute(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`No route for ${req.method} ${req.path}`));
}

/**
 * The one place the monolith turns errors into the legacy error format. The rest of a request
 * body refused early (a 401 before an upload, a 415 after its first bytes) is read first, up to
 * `drainLimitBytes`, so the client gets the answer instead of a broken pipe.
 */
export function answerLegacyError(logger: Logger, drainLimitBytes: number): ErrorRequestHandler {
  return async (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const response = toLegacyErrorResponse(error);
    if (response.status >= 500) logger.error({ err: error, requestId: res.locals.requestId }, 'request failed');
    // A body announced larger than the drain limit is not worth reading: answer and hang up.
    if (Number(req.headers['content-length']) > drainLimitBytes) res.set('Connection', 'close');
    else await drainRequest(req, drainLimitBytes);
    res.status(response.status).set(response.headers).json(response.body);
  };
}
