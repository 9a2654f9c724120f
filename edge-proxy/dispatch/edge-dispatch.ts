import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock/clock';
import { AppError, UpstreamError } from '../../core/errors/app-error';
import { toLegacyErrorResponse } from '../../core/legacy-api/error-response';
import type { TrafficObservation } from '../../core/rollout/stats/traffic-observation';
import type { FlagCache } from '../flags/flag-cache';
import { captureResponse } from '../http/capture-response';
import { sendLegacyError } from '../http/send-legacy-error';
import { tapRequestBody } from '../http/tap-request-body';
import type { EventContext, HttpResponse, IncomingHttpRequest } from '../lambda-events';
import { unmatchedRoute, type ProxyMetrics } from '../metrics/proxy-metrics';
import { clientKeyOf } from '../rollout/client-key';
import type { MatchedRoute, RouteMatcher } from '../routing/match-route';
import { decideRoute, type RouteDecision, type Target } from '../routing/route-target';
import type { ShadowSampler } from '../shadow/shadow-sampler';
import type { ShadowTraffic } from '../shadow/shadow-traffic';
import type { createLegacyLambdaDispatch } from './legacy-lambda-dispatch';
import type { createLegacyProxy } from './legacy-proxy';
import type { LambdaDispatch } from './lambda-dispatch';
import { forwardedRawHeaders, readFunctionRequest, toEventContext, writeHttpResponse } from './lambda-http-exchange';

/** What answers for the monolith: the monolith itself over HTTP, or the monolith run as one Lambda (lift-and-shift). */
export type LegacyUpstream =
  | { kind: 'http'; proxy: ReturnType<typeof createLegacyProxy> }
  | { kind: 'lambda'; dispatch: ReturnType<typeof createLegacyLambdaDispatch> };

export interface EdgeDispatchDeps {
  matchRoute: RouteMatcher;
  flagCache: FlagCache;
  legacy: LegacyUpstream;
  lambda: LambdaDispatch;
  traffic: { record(observation: TrafficObservation): void };
  /** This instance's Prometheus metrics: every request, unmatched ones too, and the fallbacks. */
  metrics: Pick<ProxyMetrics, 'observeRequest' | 'countFallback'>;
  shadows: Pick<ShadowTraffic, 'mirror'>;
  /** Which requests of a shadowed route get their copy: a busy route is sampled. */
  shadowSampler: Pick<ShadowSampler, 'take'>;
  /** Bytes of a shadowed request's response (and body) kept to compare; larger ones are compared on status and headers. */
  shadowKeepBytes: number;
  clock: Clock;
  logger: Logger;
}

/** Serves one customer request, under the id the edge gave it. */
export type EdgeDispatch = (req: IncomingMessage, res: ServerResponse, requestId: string) => void;

const pathnameOf = (url: string | undefined) => (url ?? '/').split('?', 1)[0]!;

/** One request on its way through the edge: who serves it, what it sent, what the customer got. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  /** The route id, `unmatched` for a path the route table does not know. */
  readonly route: string;
  readonly context: EventContext;
  /** Set once read whole (the Lambda path reads it; a shadow of a legacy-served write taps it). */
  request?: IncomingHttpRequest;
  servedBy: Target;
}

/**
 * The edge's routing: every request is matched to the route table and served by the monolith or
 * the route's Lambda as its flag decides for this client (canary stickiness) at this moment.
 * Every served request is recorded (route, target, status, latency, bytes); in shadow states the
 * other side gets a copy once the customer has the answer. On the Lambda path, a failed
 * idempotent request without a body is answered by the monolith instead (fallback); anything
 * else is never sent twice. Unknown paths go to the monolith, which owns them.
 */
export function createEdgeDispatch(deps: EdgeDispatchDeps): EdgeDispatch {
  const { legacy, logger, clock, metrics } = deps;

  const record = (observation: TrafficObservation) => {
    deps.traffic.record(observation);
    metrics.observeRequest(observation.routeId, observation.target, observation.status, observation.durationMs);
  };

  const answerFailure = (exchange: Exchange, error: unknown) => {
    // Function failures are logged where they are understood (the invoker); anything else is a fault here.
    if (!(error instanceof AppError)) logger.error({ err: error, requestId: exchange.requestId, route: exchange.route, target: exchange.servedBy }, 'dispatch failed');
    // A body left unread (refused as too large) must not be parsed as the next request.
    if (!exchange.req.complete) exchange.res.setHeader('connection', 'close');
    sendLegacyError(exchange.res, error, exchange.requestId);
  };

  const serveOnLegacy = (exchange: Exchange) => {
    exchange.servedBy = 'legacy';
    // http-proxy-middleware reports here only what it could not even start (its own errors answer themselves).
    if (legacy.kind === 'http') return void legacy.proxy(exchange.req, exchange.res, (error?: unknown) => answerFailure(exchange, error ?? new UpstreamError('The service failed to answer: try again')));
    const served = exchange.request
      ? legacy.dispatch.call(exchange.request, exchange.context, exchange.route).then((response) => writeHttpResponse(exchange.res, response, exchange.requestId))
      : legacy.dispatch(exchange.req, exchange.res, exchange.requestId, exchange.route);
    served.catch((error: unknown) => answerFailure(exchange, error));
  };

  const recordLambdaFailure = (matched: MatchedRoute, status: number | 'failed', startedAt: number, at: Date) => {
    record({ routeId: matched.route.id, capability: matched.route.capability, target: 'lambda', status, durationMs: performance.now() - startedAt, requestBytes: 0, responseBytes: 0, at });
    metrics.countFallback(matched.route.id);
  };

  const serveOnLambda = async (exchange: Exchange, matched: MatchedRoute) => {
    const request = await readFunctionRequest(exchange.req, exchange.requestId);
    exchange.request = request;
    const startedAt = performance.now();
    const at = clock.now();
    // Only a request that is safe to repeat and can be repeated whole is sent again.
    const canFallBack = matched.route.idempotent && request.body.length === 0;
    let response: HttpResponse;
    try {
      response = await deps.lambda({ request, matched, context: exchange.context });
    } catch (error) {
      const status = error instanceof AppError ? toLegacyErrorResponse(error).status : 'failed';
      // A refusal (the authorizer's 401) is an answer, not a failure: only failures fall back.
      if (!canFallBack || (status !== 'failed' && status < 500)) throw error;
      recordLambdaFailure(matched, status, startedAt, at);
      logger.warn({ requestId: exchange.requestId, route: matched.route.id, target: 'lambda' }, 'Lambda failed: answered by the monolith');
      return serveOnLegacy(exchange);
    }
    if (response.statusCode >= 500 && canFallBack) {
      recordLambdaFailure(matched, response.statusCode, startedAt, at);
      logger.warn({ requestId: exchange.requestId, route: matched.route.id, target: 'lambda', status: response.statusCode }, 'Lambda answered an error: answered by the monolith');
      return serveOnLegacy(exchange);
    }
    writeHttpResponse(exchange.res, response, exchange.requestId);
  };

  /** After the customer's response: its record, and the shadow's copy when the flag asks for one. */
  const observe = (exchange: Exchange, matched: MatchedRoute, decision: RouteDecision) => {
    const startedAt = performance.now();
    const at = exchange.context.now;
    const { req, res } = exchange;
    // Decided before the response: a request that gets no copy keeps no snapshot either.
    const shadow = decision.shadow && deps.shadowSampler.take(matched.route.id) ? decision.shadow : undefined;
    const captured = captureResponse(res, shadow ? deps.shadowKeepBytes : 0);
    const tapped = shadow && decision.target === 'legacy' && matched.route.traits.requestBody !== 'none' ? tapRequestBody(req, deps.shadowKeepBytes) : undefined;
    // `finish`: the whole response was handed on. Not `writableFinished`, which a response with no
    // real socket (serverless-http, the proxy as a Lambda) never sets.
    let delivered = false;
    res.once('finish', () => (delivered = true));
    res.once('close', () => {
      const requestBytes = exchange.request?.body.length ?? (Number(req.headers['content-length']) || 0);
      const status = delivered ? res.statusCode : 'failed';
      const durationMs = performance.now() - startedAt;
      record({ routeId: matched.route.id, capability: matched.route.capability, target: exchange.servedBy, status, durationMs, requestBytes, responseBytes: captured.bodyBytes(), at });
      logCompletion(exchange, status, durationMs);
      // A fallback answer is not the primary the shadow should be compared with.
      if (!shadow || !delivered || exchange.servedBy !== decision.target) return;
      const request = exchange.request ?? legacyServedRequest(exchange, tapped);
      if (!request) return;
      deps.shadows.mirror({ matched, request, context: exchange.context, primary: { ...captured.snapshot(), target: exchange.servedBy }, shadow });
    });
  };

  /** The request a legacy-served exchange carried, for its shadow; undefined when its body could not be kept. */
  const legacyServedRequest = ({ req, requestId }: Exchange, tapped: (() => Buffer | undefined) | undefined): IncomingHttpRequest | undefined => {
    const body = tapped ? tapped() : Buffer.alloc(0);
    if (!body) return undefined;
    return { method: req.method ?? 'GET', url: req.url ?? '/', rawHeaders: forwardedRawHeaders(req, requestId), body, sourceIp: req.socket.remoteAddress ?? '', protocol: `HTTP/${req.httpVersion}` };
  };

  /** A path the route table does not know: only this instance's metrics count it, under `unmatched`. */
  const observeUnmatched = (exchange: Exchange) => {
    const startedAt = performance.now();
    const { res } = exchange;
    let delivered = false;
    res.once('finish', () => (delivered = true));
    res.once('close', () => {
      const status = delivered ? res.statusCode : 'failed';
      const durationMs = performance.now() - startedAt;
      metrics.observeRequest(unmatchedRoute, 'legacy', status, durationMs);
      logCompletion(exchange, status, durationMs);
    });
  };

  // The edge's access log: one line per request, the line a search for its id finds first. The
  // level check first: with info off (benchmarks, LOG_LEVEL=warn) it costs no allocation.
  const logCompletion = ({ requestId, route, servedBy }: Exchange, status: number | 'failed', durationMs: number) => {
    if (logger.isLevelEnabled('info')) logger.info({ requestId, route, target: servedBy, status, durationMs }, 'request completed');
  };

  return (req: IncomingMessage, res: ServerResponse, requestId: string): void => {
    const matched = deps.matchRoute(req.method ?? 'GET', pathnameOf(req.url));
    const exchange: Exchange = { req, res, requestId, route: matched?.route.id ?? unmatchedRoute, context: toEventContext(req, requestId, clock), servedBy: 'legacy' };
    if (!matched) {
      observeUnmatched(exchange);
      return serveOnLegacy(exchange);
    }
    const decision = decideRoute(deps.flagCache.current(), matched.route, () => clientKeyOf(req));
    exchange.servedBy = decision.target;
    observe(exchange, matched, decision);
    if (decision.target === 'lambda') serveOnLambda(exchange, matched).catch((error: unknown) => answerFailure(exchange, error));
    else serveOnLegacy(exchange);
  };
}
