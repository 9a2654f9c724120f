import { Agent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyMiddleware, type Plugin } from 'http-proxy-middleware';
import type { Logger } from 'pino';
import { UnavailableError, UpstreamError, UpstreamTimeoutError } from '../../core/errors/app-error';
import { requestIdHeader } from '../../core/legacy-api/request-id';
import { clientForwardingHeaders, hopByHopHeaderNames } from '../http/forwarding-headers';
import { sendLegacyError } from '../http/send-legacy-error';

export interface LegacyProxyOptions {
  /** Base URL of the monolith. */
  target: string;
  /** How long the monolith may take to start answering. */
  timeoutMs: number;
  logger: Logger;
  /** The route id of a request (`unmatched` if none), for the log line of a failure: only failures pay for the lookup. */
  routeOf: (req: IncomingMessage) => string;
}

const unreachable = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

function toLegacyError(error: Error & { code?: string }): Error {
  if (error instanceof UpstreamTimeoutError) return error;
  if (error.code && unreachable.has(error.code)) {
    return new UnavailableError('The service is temporarily unavailable: try again shortly', 1, { cause: error });
  }
  return new UpstreamError('The service failed to answer: try again', { cause: error });
}

/** Strips what must not cross the proxy and states who the client is, from the socket alone. */
function prepareUpstreamRequest(proxyReq: ClientRequest, req: IncomingMessage, timeoutMs: number): void {
  // The upstream request starts with the client's headers: only those it has need removing.
  for (const name of hopByHopHeaderNames(req.headers.connection)) if (req.headers[name] !== undefined) proxyReq.removeHeader(name);
  for (const name of clientForwardingHeaders) if (req.headers[name] !== undefined) proxyReq.removeHeader(name);
  // The edge's request id goes on even when a client lists it in Connection: one request, one id.
  proxyReq.setHeader(requestIdHeader, String(req.headers[requestIdHeader]));
  proxyReq.setHeader('x-forwarded-for', req.socket.remoteAddress ?? '');
  proxyReq.setHeader('x-forwarded-proto', 'http');
  if (req.headers.host) proxyReq.setHeader('x-forwarded-host', req.headers.host);
  proxyReq.setTimeout(timeoutMs, () => proxyReq.destroy(new UpstreamTimeoutError('The service did not answer in time')));
}

/**
 * Forwards requests to the monolith over pooled keep-alive connections. Bodies stream through
 * untouched (nothing on this path parses them); failures answer in the legacy error format.
 */
export function createLegacyProxy({ target, timeoutMs, logger, routeOf }: LegacyProxyOptions) {
  const agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 });
  const answerFailure = (error: Error, req: IncomingMessage, res: ServerResponse | Socket) => {
    const requestId = String(req.headers[requestIdHeader]);
    logger.warn({ err: error, requestId, route: routeOf(req), target: 'legacy' }, 'monolith request failed');
    if ('writeHead' in res) sendLegacyError(res, toLegacyError(error), requestId);
    else res.destroy();
  };
  // Only what the edge needs, in place of http-proxy-middleware's default plugins: their logger
  // builds a URL for every response it would log, a noticeable share of the proxy's time.
  const edgeForwarding: Plugin<IncomingMessage, ServerResponse> = (proxyServer) => {
    proxyServer.on('proxyReq', (proxyReq, req, res) => {
      prepareUpstreamRequest(proxyReq, req, timeoutMs);
      // A client gone before the end, whether or not the monolith has started answering, must not
      // leave its connection held until the timeout: http-proxy lets go only of unfinished uploads.
      res.once('close', () => {
        if (!res.writableEnded) proxyReq.destroy();
      });
    });
    proxyServer.on('proxyRes', (proxyRes) => {
      for (const name of hopByHopHeaderNames(proxyRes.headers.connection)) delete proxyRes.headers[name];
    });
    proxyServer.on('error', answerFailure);
  };
  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({ target, agent, changeOrigin: false, xfwd: false, ejectPlugins: true, plugins: [edgeForwarding] });
  return Object.assign(proxy, { close: () => agent.destroy() });
}
