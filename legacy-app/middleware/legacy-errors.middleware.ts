import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { NotFoundError } from '../../core/errors/app-error';
import { toLegacyErrorResponse } from '../../core/legacy-api/error-response';

/** Any path the monolith does not serve answers the legacy 404. */
export function answerUnknownRoute(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`No route for ${req.method} ${req.path}`));
}

/** The one place the monolith turns errors into the legacy error format. */
export function answerLegacyError(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const response = toLegacyErrorResponse(error);
    if (response.status >= 500) logger.error({ err: error, requestId: res.locals.requestId }, 'request failed');
    res.status(response.status).set(response.headers).json(response.body);
  };
}
