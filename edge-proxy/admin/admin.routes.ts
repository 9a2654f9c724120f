import express, { Router, type ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, NotFoundError, PayloadTooLargeError, ValidationError } from '../../core/errors/app-error';
import type { DeadLetterReplay } from '../../core/events/dead-letter-replay';
import type { FlagService } from '../../core/flags/flag.service';
import { parseInput } from '../../core/validation/parse-input';
import type { FlagCache } from '../flags/flag-cache';
import { sendLegacyError } from '../http/send-legacy-error';
import type { RouteDefinition } from '../routing/route-table';
import { resolveRouteTarget } from '../routing/route-target';
import { toChangeView, toDeadLetterView, toFlagView, toRouteView } from './admin-views';
import { actorOf, requireAdmin, type AdminCredentials } from './require-admin';

export interface AdminRoutesDeps extends AdminCredentials {
  logger: Logger;
  flags: FlagService;
  flagCache: FlagCache;
  routeTable: readonly RouteDefinition[];
  deadLetters: DeadLetterReplay;
}

const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) });

// body-parser's own errors, in the legacy format.
const answerBodyErrors: ErrorRequestHandler = (error: { type?: string }, _req, _res, next) => {
  if (error.type === 'entity.parse.failed') return next(new ValidationError([{ path: '', message: 'The request body is not valid JSON' }]));
  if (error.type === 'entity.too.large') return next(new PayloadTooLargeError('The request body is too large'));
  next(error);
};

/** The engineers' API under /_strangler/api: flags, their audit trail, the routing status, and the pipeline's dead letters. */
export function adminRoutes({ logger, flags, flagCache, routeTable, deadLetters, ...credentials }: AdminRoutesDeps): Router {
  const currentRoutes = () => routeTable.map((route) => toRouteView(route, resolveRouteTarget(flagCache.current(), route)));
  return Router()
    .use(requireAdmin(credentials))
    .use(express.json({ limit: '16kb' }), answerBodyErrors)
    .get('/flags', async (_req, res) => {
      res.json({ flags: (await flags.listCapabilityFlags()).map(toFlagView) });
    })
    .get('/flags/:capability', async (req, res) => {
      res.json(toFlagView(await flags.getCapabilityFlag(req.params.capability)));
    })
    .put('/flags/:capability', async (req, res) => {
      const update = await flags.setCapabilityFlag(req.params.capability, req.body, actorOf(res));
      // This instance applies the flip before answering: the caller's next request sees it.
      await flagCache.refresh();
      res.json({ flag: toFlagView(update.flag), changed: update.change !== undefined });
    })
    .get('/audit', async (req, res) => {
      const { limit } = parseInput(historyQuery, req.query);
      res.json({ changes: (await flags.history(limit)).map(toChangeView) });
    })
    .get('/routes', (_req, res) => {
      res.json({ routes: currentRoutes() });
    })
    .get('/status', async (_req, res) => {
      const routes = currentRoutes();
      const capabilities = (await flags.listCapabilityFlags()).map((flag) => ({
        ...toFlagView(flag),
        routes: routes.filter((route) => route.capability === flag.name).length,
        routesOnLambda: routes.filter((route) => route.capability === flag.name && route.servedBy === 'lambda').length,
      }));
      res.json({ capabilities, summary: { routes: routes.length, routesOnLambda: routes.filter((r) => r.servedBy === 'lambda').length } });
    })
    .get('/dead-letters', async (req, res) => {
      const { limit } = parseInput(historyQuery, req.query);
      res.json({ deadLetters: (await deadLetters.list(limit)).map(toDeadLetterView) });
    })
    .post('/dead-letters/:id/replay', async (req, res) => {
      const letter = await deadLetters.replay(req.params.id);
      logger.info({ deadLetterId: letter.id, functionName: letter.functionName, actor: actorOf(res) }, 'dead letter replayed');
      res.status(202).json({ deadLetter: toDeadLetterView(letter) });
    })
    .use((req, _res, next) => next(new NotFoundError(`No admin route for ${req.method} ${req.originalUrl}`)))
    .use(((error, req, res, _next) => {
      const requestId = String(res.getHeader('x-request-id'));
      if (!(error instanceof AppError)) logger.error({ err: error, requestId, path: req.originalUrl }, 'admin request failed');
      sendLegacyError(res, error, requestId);
    }) as ErrorRequestHandler);
}
