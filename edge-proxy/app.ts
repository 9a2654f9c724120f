import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../core/errors/app-error';
import type { FlagCache } from './flags/flag-cache';
import { sendLegacyError } from './http/send-legacy-error';
import { assignEdgeRequestId } from './http/request-id';
import type { createLambdaDispatch } from './dispatch/lambda-dispatch';
import type { createLegacyLambdaDispatch } from './dispatch/legacy-lambda-dispatch';
import type { createLegacyProxy } from './dispatch/legacy-proxy';
import type { RouteMatcher } from './routing/match-route';
import { resolveRouteTarget } from './routing/route-target';

/** What answers for the monolith: the monolith itself over HTTP, or the monolith run as one Lambda (lift-and-shift). */
export type LegacyUpstream =
  | { kind: 'http'; proxy: ReturnType<typeof createLegacyProxy> }
  | { kind: 'lambda'; dispatch: ReturnType<typeof createLegacyLambdaDispatch> };

export interface ProxyAppDeps {
  matchRoute: RouteMatcher;
  flagCache: FlagCache;
  legacy: LegacyUpstream;
  lambda: ReturnType<typeof createLambdaDispatch>;
  admin: express.Router;
  logger: Logger;
}

const pathnameOf = (url: string | undefined) => (url ?? '/').split('?', 1)[0]!;

/**
 * The edge proxy: every request is matched to the route table and sent to the monolith or to its
 * Lambda, as the flags say at that moment. Unknown paths go to the monolith, which owns them;
 * with `legacy.kind: 'lambda'` whatever the monolith answers is served by the monolith's own Lambda.
 */
export function createProxyApp({ matchRoute, flagCache, legacy, lambda, admin, logger }: ProxyAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const answerFailures = (serving: Promise<void>, req: IncomingMessage, res: ServerResponse, requestId: string, where: { route?: string; target: string }) => {
    serving.catch((error: unknown) => {
      // Function failures are logged where they are understood (the invoker); anything else is a fault here.
      if (!(error instanceof AppError)) logger.error({ err: error, requestId, ...where }, 'Lambda dispatch failed');
      // A body left unread (refused as too large) must not be parsed as the next request.
      if (!req.complete) res.setHeader('connection', 'close');
      sendLegacyError(res, error, requestId);
    });
  };

  const dispatch: RequestHandler = (req, res, next) => {
    const requestId = assignEdgeRequestId(req, res);
    const matched = matchRoute(req.method, pathnameOf(req.url));
    if (matched && resolveRouteTarget(flagCache.current(), matched.route) === 'lambda') {
      answerFailures(lambda(req, res, matched, requestId), req, res, requestId, { route: matched.route.id, target: 'lambda' });
    } else if (legacy.kind === 'lambda') {
      answerFailures(legacy.dispatch(req, res, requestId), req, res, requestId, { route: matched?.route.id, target: 'legacy-lambda' });
    } else {
      void legacy.proxy(req, res, next);
    }
  };

  app.use('/_strangler/api', (req, res, next) => {
    assignEdgeRequestId(req, res);
    next();
  }, admin);
  app.use(dispatch);
  return app;
}
