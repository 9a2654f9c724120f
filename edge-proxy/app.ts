import express, { type Express, type RequestHandler } from 'express';
import { requestIdHeader } from '../core/legacy-api/request-id';
import { assignEdgeRequestId } from './http/request-id';
import type { createEdgeDispatch } from './dispatch/edge-dispatch';

export interface ProxyAppDeps {
  dispatch: ReturnType<typeof createEdgeDispatch>;
  admin: express.Router;
  /** Per-client limits (rate-limit.middleware.ts), run before anything else; none when off. */
  rateLimits?: readonly RequestHandler[];
  /** Serves GET /metrics (metrics.route.ts); without it, /metrics is routed like any other path. */
  metrics?: RequestHandler;
  /** The engineers' dashboard (dashboard.routes.ts) under /_strangler/; the admin API keeps /_strangler/api. */
  dashboard?: express.Router;
}

/**
 * The edge proxy's HTTP surface: the engineers' admin API under /_strangler/api, their dashboard
 * under the rest of /_strangler/, and every other request routed to the monolith or a Lambda
 * (edge-dispatch.ts). Nothing here parses customers' bodies: they stream through untouched.
 */
export function createProxyApp({ dispatch, admin, rateLimits = [], metrics, dashboard }: ProxyAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    assignEdgeRequestId(req, res);
    next();
  });
  for (const limit of rateLimits) app.use(limit);
  app.use('/_strangler/api', admin);
  if (dashboard) app.use('/_strangler', dashboard);
  if (metrics) app.all('/metrics', metrics);
  app.use((req, res, next) => dispatch(req, res, next, String(req.headers[requestIdHeader])));
  return app;
}
