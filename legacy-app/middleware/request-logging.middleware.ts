import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * The monolith's access log: a pino-http line per request, under `requestId`, the key the proxy
 * and the functions log it under (one search follows a request across all three). Every request
 * gets `req.log`, bound to its id. pino-http serializes each request into its loggers up front,
 * whether or not the line is written: with info off (LOG_LEVEL=warn) that was a fifth of a small
 * request's time for nothing, so then only the id is bound.
 */
export function logRequests(logger: Logger): RequestHandler {
  if (logger.isLevelEnabled('info')) {
    return pinoHttp({ logger, genReqId: (_req, res) => res.locals.requestId as string, quietReqLogger: true, customAttributeKeys: { reqId: 'requestId' } });
  }
  return (req, res, next) => {
    req.log = logger.child({ requestId: res.locals.requestId as string });
    next();
  };
}
