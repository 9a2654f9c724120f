import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Authenticator } from '../../core/auth/authenticator';
import { ForbiddenError } from '../../core/errors/app-error';

export interface AdminCredentials {
  /** The configured engineers' token (STRANGLER_ADMIN_TOKEN); undefined disables it. */
  adminToken?: string;
  /** Customer tokens of users with the admin role are accepted too. */
  authenticator: Authenticator;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

// Names an engineer declares for the audit trail (X-Strangler-Actor): short, printable.
const acceptableActor = /^[\w.@+-][\w .@+-]{0,99}$/;

function matchesAdminToken(authorization: string | undefined, adminToken: string | undefined): boolean {
  const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  // Digests have equal length, so the comparison takes the same time whatever was sent.
  return Boolean(adminToken && presented && timingSafeEqual(digest(presented), digest(adminToken)));
}

/**
 * Lets engineers in (the admin token, or an admin user's token) and records who they are as
 * `actorOf(res)` for the audit trail. Customers get 403, anyone else 401.
 */
export function requireAdmin({ adminToken, authenticator }: AdminCredentials): RequestHandler {
  return async (req, res, next) => {
    const declared = req.get('x-strangler-actor');
    const actor = declared && acceptableActor.test(declared) ? declared : 'unnamed';
    if (matchesAdminToken(req.headers.authorization, adminToken)) {
      res.locals.actor = `${actor} (admin token)`;
      return next();
    }
    const principal = await authenticator.authenticate(req.headers.authorization);
    if (principal.role !== 'admin') throw new ForbiddenError('This is the engineers\u2019 API: a customer token is not enough');
    res.locals.actor = `user:${principal.userId}`;
    next();
  };
}

/** Who is calling an admin route guarded by `requireAdmin`. */
export function actorOf(res: Response): string {
  return res.locals.actor as string;
}
