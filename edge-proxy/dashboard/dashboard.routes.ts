import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { DashboardSession, DashboardSessionStore } from '../../core/dashboard-sessions/dashboard-session';
import { AppError, NotFoundError, PayloadTooLargeError, UnauthorizedError, ValidationError } from '../../core/errors/app-error';
import { GateRefusedError } from '../../core/flags/flag.errors';
import type { FlagService } from '../../core/flags/flag.service';
import { toLegacyErrorResponse } from '../../core/legacy-api/error-response';
import type { ParityStore } from '../../core/rollout/parity/parity.store';
import { toChangeView, toFlagView, toMismatchView } from '../admin/admin-views';
import type { CostView, ProgressView } from '../cli/admin-api.types';
import type { FlagCache } from '../flags/flag-cache';
import { sendLegacyError } from '../http/send-legacy-error';
import { capabilityPage } from './capability-page';
import { confirmPage, controlFields, type ConfirmData } from './confirm-page';
import { dashboardBase, dashboardPage, errorBlock } from './dashboard-layout';
import { dashboardLogin, type DashboardLoginDeps } from './dashboard-login';
import { checkCsrf, dashboardHeaders, readCookie, sessionCookie, sessionCookieOptions } from './dashboard-security';
import { dashboardCss } from './dashboard-styles';
import { parseFlagControl } from './flag-control-form';
import { html, type SafeHtml } from './html-template';
import { loginPage } from './login-page';
import { mismatchPage } from './mismatch-page';
import { overviewPage } from './overview-page';

/** Where the migration stands and what it costs (edge-proxy/progress), as the admin API serves them. */
interface MigrationProgressSource {
  report(): Promise<ProgressView>;
  cost(): Promise<CostView>;
}

export interface DashboardDeps {
  logger: Logger;
  /** Shared by every proxy instance (the database), opened for `dashboardSessionTtlSeconds`. */
  sessions: DashboardSessionStore;
  flags: Pick<FlagService, 'getCapabilityFlag' | 'setFlag' | 'rollback' | 'history'>;
  flagCache: Pick<FlagCache, 'refresh'>;
  parity: Pick<ParityStore, 'listMismatches' | 'getMismatch'>;
  progress: MigrationProgressSource;
  /** Who may log in: the same credentials as the admin API, plus an admin user's password. */
  credentials: DashboardLoginDeps;
}

/** A working day. */
export const dashboardSessionTtlSeconds = 8 * 3600;
const listLength = 20;

const send = (res: Response, page: SafeHtml, status = 200) => res.status(status).type('html').send(page.markup);
const sessionOf = (res: Response) => res.locals.session as DashboardSession;
const redirect = (res: Response, path: string) => res.redirect(303, `${dashboardBase}${path}`);
const formOf = (req: Request): Record<string, unknown> => (req.body as Record<string, unknown> | undefined) ?? {};

// Only the control's own fields are echoed into the confirmation, and only strings.
const controlFieldsOf = (form: Record<string, unknown>): ConfirmData['fields'] =>
  Object.fromEntries(controlFields.flatMap((field) => (typeof form[field] === 'string' ? [[field, form[field]]] : [])));

// body-parser's own errors, as AppErrors the error page can show.
const answerBodyErrors: ErrorRequestHandler = (error: { type?: string }, _req, _res, next) => {
  if (error.type === 'entity.too.large') return next(new PayloadTooLargeError('The form is too large'));
  if (typeof error.type === 'string') return next(new ValidationError([{ path: '', message: 'The form could not be read: too many fields, or an encoding other than UTF-8' }]));
  next(error);
};

/**
 * The engineers' dashboard under /_strangler/ (issue 6): server-rendered pages over the same
 * services as the admin API, plain forms with a CSRF token and a confirmation step, no script.
 */
export function dashboardRoutes({ logger, sessions, flags, flagCache, parity, progress, credentials }: DashboardDeps): Router {
  const login = dashboardLogin(credentials);
  const requireSession: RequestHandler = async (req, res, next) => {
    const session = await sessions.find(readCookie(req.headers.cookie, sessionCookie));
    if (session) {
      res.locals.session = session;
      return next();
    }
    if (req.method === 'GET') return redirect(res, '/login');
    next(new UnauthorizedError('Log in to the dashboard first: your session is missing or has expired'));
  };
  /** The session's CSRF check on a posted form, returning the form. */
  const checkedForm = (req: Request, res: Response) => {
    const form = formOf(req);
    checkCsrf(sessionOf(res), form);
    return form;
  };

  const showCapability = async (name: string, res: Response, applied?: number) => {
    const flag = await flags.getCapabilityFlag(name);
    const [report, audit] = await Promise.all([progress.report(), flags.history(listLength, { scope: 'capability', name })]);
    const data = {
      flag: toFlagView(flag),
      progress: report.capabilities.find((capability) => capability.capability === name),
      routes: report.routes.filter((route) => route.capability === name),
      audit: audit.map(toChangeView),
      ...(applied === undefined ? {} : { applied }),
    };
    send(res, capabilityPage(name, data, sessionOf(res)));
  };

  return Router()
    .use(dashboardHeaders)
    .get('/assets/dashboard.css', (_req, res) => {
      res.set('cache-control', 'public, max-age=300').type('css').send(dashboardCss);
    })
    .use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), answerBodyErrors)
    .get('/login', async (req, res) => {
      if (await sessions.find(readCookie(req.headers.cookie, sessionCookie))) return redirect(res, '/');
      send(res, loginPage());
    })
    .post('/login', async (req, res) => {
      try {
        const actor = await login(formOf(req));
        const session = await sessions.open(actor);
        logger.info({ actor }, 'dashboard login');
        res.cookie(sessionCookie, session.id, { ...sessionCookieOptions(req), maxAge: dashboardSessionTtlSeconds * 1000 });
        redirect(res, '/');
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const { status, body } = toLegacyErrorResponse(error);
        logger.info({ code: body.error.code }, 'dashboard login refused');
        send(res, loginPage(body.error), status);
      }
    })
    .use(requireSession)
    .post('/logout', async (req, res) => {
      checkedForm(req, res);
      await sessions.close(sessionOf(res).id);
      res.clearCookie(sessionCookie, sessionCookieOptions(req));
      redirect(res, '/login');
    })
    .get('/', async (_req, res) => {
      const [report, cost, audit, mismatches] = await Promise.all([progress.report(), progress.cost(), flags.history(listLength), parity.listMismatches(undefined, listLength)]);
      send(res, overviewPage({ progress: report, cost, audit: audit.map(toChangeView), mismatches: mismatches.map(toMismatchView) }, sessionOf(res)));
    })
    .get('/capabilities/:name', async (req, res) => {
      const applied = typeof req.query.applied === 'string' && /^\d{1,12}$/.test(req.query.applied) ? Number(req.query.applied) : undefined;
      await showCapability(req.params.name, res, applied);
    })
    .post('/capabilities/:name/review', async (req, res) => {
      const form = checkedForm(req, res);
      const { name } = req.params;
      const flag = await flags.getCapabilityFlag(name);
      send(res, confirmPage(name, { control: parseFlagControl(name, form), currentState: flag, fields: controlFieldsOf(form) }, sessionOf(res)));
    })
    .post('/capabilities/:name/apply', async (req, res) => {
      const form = checkedForm(req, res);
      const { name } = req.params;
      const control = parseFlagControl(name, form);
      if (form.confirm !== 'yes') throw new ValidationError([{ path: 'confirm', message: 'confirm the change on the confirmation page' }]);
      const { actor } = sessionOf(res);
      try {
        const update = control.action === 'rollback' ? (await flags.rollback(name, control.change.reason, actor)).capability : await flags.setFlag({ scope: 'capability', name }, control.change, actor);
        await flagCache.refresh();
        if (update.change) logger.info({ flag: { scope: 'capability', name }, to: update.flag.state, percent: update.flag.canaryPercent, actor, forced: update.change.forced }, 'flag changed from the dashboard');
        redirect(res, `/capabilities/${encodeURIComponent(name)}?applied=${update.change?.id ?? 0}`);
      } catch (error) {
        if (!(error instanceof GateRefusedError)) throw error;
        const current = await flags.getCapabilityFlag(name);
        const refusal = toLegacyErrorResponse(error).body.error;
        send(res, confirmPage(name, { control, currentState: current, fields: controlFieldsOf(form), refusal }, sessionOf(res)), 409);
      }
    })
    .get('/parity/:id', async (req, res) => {
      const mismatch = await parity.getMismatch(req.params.id);
      if (!mismatch) throw new NotFoundError(`No parity mismatch ${req.params.id}: it may have been let go for a newer one`);
      send(res, mismatchPage(toMismatchView(mismatch), sessionOf(res)));
    })
    .use((req, _res, next) => next(new NotFoundError(`No dashboard page at ${req.originalUrl}`)))
    .use(((error, req, res, _next) => {
      const requestId = String(res.getHeader('x-request-id') ?? '');
      if (!(error instanceof AppError)) logger.error({ err: error, path: req.originalUrl }, 'dashboard request failed');
      // Scripts and the CLI asking for JSON get the legacy error format; browsers get a page.
      if (req.accepts(['html', 'json']) === 'json') return sendLegacyError(res, error, requestId);
      const { status, body } = toLegacyErrorResponse(error);
      const session = res.locals.session as DashboardSession | undefined;
      send(res, dashboardPage('Error', html`<h1>That did not work</h1>${errorBlock(body.error)}<p><a href="${dashboardBase}/">Back to the dashboard</a></p>`, session), status);
    }) as ErrorRequestHandler);
}
