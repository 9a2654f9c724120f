import express, { type Express, type RequestHandler } from 'express';
import { assignEdgeRequestId } from './http/request-id';
import type { createEdgeDispatch } from './dispatch/edge-dispatch';

export interface ProxyAppDeps {
  dispatch: ReturnType<typeof createEdgeDispatch>;
  admin: express.Router;
}

/**
 * The edge proxy's HTTP surface: the engineers' admin API under /_strangler/api, and every other
 * request routed to the monolith or a Lambda (edge-dispatch.ts). Nothing here parses bodies:
 * they stream through untouched.
 */
export function createProxyApp({ dispatch, admin }: ProxyAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const route: RequestHandler = (req, res, next) => dispatch(req, res, next, assignEdgeRequestId(req, res));
  app.use('/_strangler/api', (req, res, next) => {
    assignEdgeRequestId(req, res);
    next();
  }, admin);
  app.use(route);
  return app;
}
