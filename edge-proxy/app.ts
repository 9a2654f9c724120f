import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../core/errors/app-error';
import type { FlagCache } from './flags/flag-cache';
import { sendLegacyError } from './http/send-legacy-error';
import { assignEdgeRequestId } from './http/request-id';
import type { createLambdaDispatch } from './dispatch/lambda-dispatch';
import type { createLegacyProxy } from './dispatch/legacy-proxy';
import type { RouteMatcher } from './routing/match-route';
import { resolveRouteTarget } from './routing/route-target';

export interface ProxyAppDeps {
  matchRoute: RouteMatcher;
  flagCache: FlagCache;
  legacy: ReturnType<typeof createLegacyProxy>;
  lambda: ReturnType<typeof createLambdaDispatch>;
  admin: express.Router;
  logger: Logger;
}

const pathnameOf = (url: string | undefined) => (url ?? '/').split('?', 1)[0]!;

/**
 * The edge proxy: every request is matched to the route table and sent to the monolith or to its
 * Lambda, as the flags say at that moment. Unknown paths go to the monolith, which owns them.
 */
export function createProxyApp({ matchRoute, flagCache, legacy, lambda, admin, logger }: ProxyAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const dispatch: RequestHandler = (req, res, next) => {
    const requestId = assignEdgeRequestId(req, res);
    const matched = matchRoute(req.method, pathnameOf(req.url));
    if (matched && resolveRouteTarget(flagCache.current(), matched.route) === 'lambda') {
      lambda(req, res, matched, requestId).catch((error: unknown) => {
        // Function failures are logged where they are understood (the invoker); anything else is a fault here.
        if (!(error instanceof AppError)) logger.error({ err: error, requestId, route: matched.route.id, target: 'lambda' }, 'Lambda dispatch failed');
        // A body left unread (refused as too large) must not be parsed as the next request.
        if (!req.complete) res.setHeader('connection', 'close');
        sendLegacyError(res, error, requestId);
      });
      return;
    }
    void legacy(req, res, next);
  };

  app.use('/_strangler/api', (req, res, next) => {
    assignEdgeRequestId(req, res);
    next();
  }, admin);
  app.use(dispatch);
  return app;
}
