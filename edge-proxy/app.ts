import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type RequestHandler } from 'express';
import type { NodeMiddleware } from './http/node-middleware';
import { assignEdgeRequestId } from './http/request-id';
import { sendLegacyError } from './http/send-legacy-error';
import type { EdgeDispatch } from './dispatch/edge-dispatch';

export interface ProxyAppDeps {
  dispatch: EdgeDispatch;
  admin: express.Router;
  /** Per-client limits (rate-limit.middleware.ts), run before anything else; none when off. */
  rateLimits?: readonly NodeMiddleware[];
  /** Serves GET /metrics (metrics.route.ts); without it, /metrics is routed like any other path. */
  metrics?: RequestHandler;
  /** The engineers' dashboard (dashboard.routes.ts) under /_strangler/; the admin API keeps /_strangler/api. */
  dashboard?: express.Router;
}

// Matched as express matches a mount path: any case, whole segments.
const isMountedAt = (pathname: string, mount: string) =>
  pathname.slice(0, mount.length).toLowerCase() === mount && (pathname.length === mount.length || pathname[mount.length] === '/');
const metricsPath = /^\/metrics\/?$/i;

/**
 * The edge proxy's HTTP surface: the engineers' admin API under /_strangler/api, their dashboard
 * under the rest of /_strangler/, /metrics, and every other request routed to the monolith or a
 * Lambda (edge-dispatch.ts). Customers' requests never enter express: its router and request
 * decoration cost about a tenth of the proxy's time per request, and nothing on their path uses
 * them. Nothing here parses customers' bodies: they stream through untouched.
 */
export function createProxyApp({ dispatch, admin, rateLimits = [], metrics, dashboard }: ProxyAppDeps): RequestListener {
  const engineers = express();
  engineers.disable('x-powered-by');
  engineers.set('etag', false);
  engineers.use('/_strangler/api', admin);
  if (dashboard) engineers.use('/_strangler', dashboard);
  if (metrics) engineers.all('/metrics', metrics);

  const mounts = dashboard ? ['/_strangler/api', '/_strangler'] : ['/_strangler/api'];
  const isEngineersPath = (pathname: string) =>
    mounts.some((mount) => isMountedAt(pathname, mount)) || (metrics !== undefined && metricsPath.test(pathname));

  const route = (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    if (!isEngineersPath((req.url ?? '/').split('?', 1)[0]!)) return dispatch(req, res, requestId);
    // A path under /_strangler that none of the engineers' routes answers belongs to the monolith, as before.
    engineers(req as express.Request, res as express.Response, (error?: unknown) => (error ? sendLegacyError(res, error, requestId) : dispatch(req, res, requestId)));
  };

  return (req, res) => {
    const requestId = assignEdgeRequestId(req, res);
    if (rateLimits.length === 0) return route(req, res, requestId);
    const limitThen = (index: number) => (error?: unknown) => {
      if (error) return sendLegacyError(res, error, requestId);
      const limit = rateLimits[index];
      if (limit) limit(req, res, limitThen(index + 1));
      else route(req, res, requestId);
    };
    limitThen(0)();
  };
}
