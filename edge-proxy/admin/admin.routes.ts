import express, { Router, type ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import * as z from 'zod';
import { AppError, NotFoundError, PayloadTooLargeError, ValidationError } from '../../core/errors/app-error';
import type { DeadLetterReplay } from '../../core/events/dead-letter-replay';
import type { Clock } from '../../core/clock/clock';
import { resolveFlag } from '../../core/flags/flag-snapshot';
import { UnknownRouteError } from '../../core/flags/flag.errors';
import type { FlagService, FlagTarget, FlagUpdate } from '../../core/flags/flag.service';
import type { ParityStore } from '../../core/rollout/parity/parity.store';
import type { RolloutPolicy } from '../../core/rollout/rollout-policy';
import { parseInput } from '../../core/validation/parse-input';
import type { FlagCache } from '../flags/flag-cache';
import { sendLegacyError } from '../http/send-legacy-error';
import { checkMigratability } from '../preflight/migratability-check';
import type { MigrationProgress } from '../progress/migration-progress';
import type { RouteDefinition } from '../routing/route-table';
import { toChangeView, toDeadLetterView, toFlagView, toMismatchView, toParityView, toRouteView } from './admin-views';
import { progressRoutes } from './progress.routes';
import { actorOf, requireAdmin, type AdminCredentials } from './require-admin';

export interface AdminRoutesDeps extends AdminCredentials {
  logger: Logger;
  flags: FlagService;
  flagCache: FlagCache;
  routeTable: readonly RouteDefinition[];
  deadLetters: DeadLetterReplay;
  parity: Pick<ParityStore, 'parityByRoute' | 'listMismatches' | 'getMismatch'>;
  policy: Pick<RolloutPolicy, 'parityWindowMinutes'>;
  clock: Clock;
  progress: Pick<MigrationProgress, 'report' | 'cost'>;
}

const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) });
const mismatchesQuery = z.object({ route: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(200).default(20) });
const rollbackBody = z.object({ reason: z.string({ error: 'say why' }) });

// body-parser's own errors, in the legacy format.
const answerBodyErrors: ErrorRequestHandler = (error: { type?: string }, _req, _res, next) => {
  if (error.type === 'entity.parse.failed') return next(new ValidationError([{ path: '', message: 'The request body is not valid JSON' }]));
  if (error.type === 'entity.too.large') return next(new PayloadTooLargeError('The request body is too large'));
  next(error);
};

/** The engineers' API under /_strangler/api: flags, their audit trail, the routing status, and the pipeline's dead letters. */
export function adminRoutes({ logger, flags, flagCache, routeTable, deadLetters, parity, policy, clock, progress, ...credentials }: AdminRoutesDeps): Router {
  const currentRoutes = () =>
    routeTable.map((route) => toRouteView(route, route.capability ? resolveFlag(flagCache.current(), { id: route.id, capability: route.capability }) : undefined));
  /** Logs a change that was made and shapes the answer. */
  const present = (update: FlagUpdate, actor: string) => {
    const { flag, change: made } = update;
    if (made) logger.info({ flag: { scope: flag.scope, name: flag.name }, to: flag.state, percent: flag.canaryPercent, actor, forced: made.forced }, 'flag changed');
    return { flag: toFlagView(flag), changed: made !== undefined, change: made ? toChangeView(made) : null };
  };
  /** Applies a change, then makes this instance route by it before answering: the caller's next request sees it. */
  const change = async (target: FlagTarget, body: unknown, actor: string) => {
    const update = await flags.setFlag(target, body, actor);
    await flagCache.refresh();
    return present(update, actor);
  };
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
      res.json(await change({ scope: 'capability', name: req.params.capability }, req.body, actorOf(res)));
    })
    .post('/flags/:capability/rollback', async (req, res) => {
      const { reason } = parseInput(rollbackBody, req.body ?? {});
      const actor = actorOf(res);
      const { capability, removedOverrides } = await flags.rollback(req.params.capability, reason, actor);
      await flagCache.refresh();
      res.json({ ...present(capability, actor), removedOverrides: removedOverrides.map(toChangeView) });
    })
    .get('/route-flags', async (_req, res) => {
      res.json({ flags: (await flags.listRouteFlags()).map(toFlagView) });
    })
    .put('/route-flags/:route', async (req, res) => {
      res.json(await change({ scope: 'route', name: req.params.route }, req.body, actorOf(res)));
    })
    .delete('/route-flags/:route', async (req, res) => {
      const actor = actorOf(res);
      const { change: removal } = await flags.clearRouteFlag(req.params.route, req.body ?? {}, actor);
      if (removal) logger.info({ flag: { scope: 'route', name: req.params.route }, to: removal.toState, actor, forced: removal.forced }, 'route override removed');
      await flagCache.refresh();
      res.json({ route: req.params.route, removed: removal !== undefined, change: removal ? toChangeView(removal) : null });
    })
    .get('/parity', async (_req, res) => {
      const since = new Date(clock.now().getTime() - policy.parityWindowMinutes * 60_000);
      const totals = await parity.parityByRoute(since);
      const measured = routeTable.filter((route) => route.functionName && route.shadow.mode !== 'read-back');
      res.json({ since: since.toISOString(), routes: measured.map((route) => toParityView(route.id, totals.get(route.id))) });
    })
    .get('/parity/mismatches', async (req, res) => {
      const { route, limit } = parseInput(mismatchesQuery, req.query);
      if (route !== undefined && !routeTable.some((known) => known.id === route)) throw new UnknownRouteError(route);
      res.json({ mismatches: (await parity.listMismatches(route, limit)).map(toMismatchView) });
    })
    .get('/parity/mismatches/:id', async (req, res) => {
      const mismatch = await parity.getMismatch(req.params.id);
      if (!mismatch) throw new NotFoundError(`No parity mismatch ${req.params.id}`);
      res.json(toMismatchView(mismatch));
    })
    .get('/check/:capability', (req, res) => {
      res.json(checkMigratability(req.params.capability));
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
    .use(progressRoutes(progress))
    .use((req, _res, next) => next(new NotFoundError(`No admin route for ${req.method} ${req.originalUrl}`)))
    .use(((error, req, res, _next) => {
      const requestId = String(res.getHeader('x-request-id'));
      if (!(error instanceof AppError)) logger.error({ err: error, requestId, path: req.originalUrl }, 'admin request failed');
      sendLegacyError(res, error, requestId);
    }) as ErrorRequestHandler);
}
