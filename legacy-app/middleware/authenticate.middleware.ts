import type { RequestHandler, Response } from 'express';
import type { Authenticator } from '../../core/auth/authenticator';
import type { Principal } from '../../core/auth/user';

/** Requires a valid bearer token; the caller is then available through `principalOf(res)`. */
export function requireAuthentication(authenticator: Authenticator): RequestHandler {
  return async (req, res, next) => {
    res.locals.principal = await authenticator.authenticate(req.headers.authorization);
    next();
  };
}

/** The authenticated caller of a route guarded by `requireAuthentication`. */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}
