import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../core/errors/app-error';
import { requestIdHeader } from '../../core/legacy-api/request-id';
import { sendLegacyError } from '../http/send-legacy-error';

export interface MetricsRouteOptions {
  registry: Registry;
  /** The token a scraper must present (METRICS_TOKEN, else the engineers' admin token); undefined: nobody may scrape. */
  token: string | undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Why a scrape is refused, or undefined when its bearer token is the configured one. */
function refusal(authorization: string | undefined, token: string | undefined): Error | undefined {
  if (!token) return new ForbiddenError('Metrics are disabled on this proxy: set METRICS_TOKEN (or STRANGLER_ADMIN_TOKEN) to scrape them');
  const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  if (!presented) return new UnauthorizedError('Metrics need Authorization: Bearer <METRICS_TOKEN, else the engineers\u2019 admin token>');
  // Digests have equal length, so the comparison takes the same time whatever was sent.
  return timingSafeEqual(digest(presented), digest(token)) ? undefined : new ForbiddenError('This token may not read the metrics');
}

/**
 * `/metrics` in the Prometheus text format. The proxy faces customers, so a scraper proves itself
 * with a bearer token (Prometheus sends one with `authorization: {credentials: ...}`). The path is
 * the proxy's own: no method of it reaches the monolith.
 */
export function metricsRoute({ registry, token }: MetricsRouteOptions): RequestHandler {
  return async (req, res) => {
    const requestId = String(req.headers[requestIdHeader]);
    const refused = refusal(req.headers.authorization, token) ?? (req.method === 'GET' || req.method === 'HEAD' ? undefined : new NotFoundError(`No route for ${req.method} /metrics: scrape it with GET`));
    if (refused) return sendLegacyError(res, refused, requestId);
    let body: string;
    try {
      body = await registry.metrics();
    } catch (error) {
      return sendLegacyError(res, error, requestId);
    }
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
