import { Router } from 'express';
import type { AuthService } from '../../core/auth/auth.service';
import type { Authenticator } from '../../core/auth/authenticator';
import { principalOf, requireAuthentication } from '../middleware/authenticate.middleware';
import { parseJsonBody } from '../middleware/json-body.middleware';

export interface AuthRoutesDeps {
  auth: AuthService;
  authenticator: Authenticator;
  jsonBodyLimitBytes: number;
}

/** Signup, login and the caller's own account. */
export function authRoutes({ auth, authenticator, jsonBodyLimitBytes }: AuthRoutesDeps): Router {
  const jsonBody = parseJsonBody(jsonBodyLimitBytes);
  return Router()
    .post('/api/auth/signup', jsonBody, async (req, res) => {
      res.status(201).json(await auth.signup(req.body));
    })
    .post('/api/auth/login', jsonBody, async (req, res) => {
      res.json(await auth.login(req.body));
    })
    .get('/api/users/me', requireAuthentication(authenticator), async (_req, res) => {
      res.json(await auth.me(principalOf(res).userId));
    });
}
