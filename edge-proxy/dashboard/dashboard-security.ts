import { createHash, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler } from 'express';
import { ForbiddenError } from '../../core/errors/app-error';
import { dashboardBase } from './dashboard-layout';
import type { DashboardSession } from '../../core/dashboard-sessions/dashboard-session';

export const sessionCookie = 'strangler_session';

// Plain HTTP is only for a proxy on this machine; anywhere else TLS ends in front of the proxy
// (API Gateway, a load balancer), so the proxy itself never sees req.secure.
const localHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The session cookie: unreadable by scripts, never sent by another site's page (so a forged form
 * or link arrives without it), only to the dashboard's paths, and over HTTPS only unless the
 * dashboard is opened on this machine.
 */
export function sessionCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', path: dashboardBase, secure: req.secure || !localHosts.has(req.hostname) };
}

/** One cookie's value from the Cookie header (the proxy has no cookie parser: customers' requests stream through untouched). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}

/**
 * Pages of the dashboard: no scripts at all (none are used), styles from this origin only, never
 * framed (clickjacking a flip button), never cached (they show live state and a CSRF token).
 */
export const dashboardHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  next();
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Refuses a form whose CSRF token is not the session's (compared in constant time). */
export function checkCsrf(session: DashboardSession, form: { csrf?: unknown } | undefined): void {
  const sent = typeof form?.csrf === 'string' ? form.csrf : '';
  if (!timingSafeEqual(digest(sent), digest(session.csrfToken))) {
    throw new ForbiddenError('This form was not sent from your dashboard session (missing or stale CSRF token): reload the page and try again');
  }
}
