import { Router } from 'express';
import type { Authenticator } from '../../core/auth/authenticator';
import type { SubscriptionsService } from '../../core/notifications/subscriptions.service';
import { pathParam } from '../http/path-param';
import { principalOf, requireAuthentication } from '../middleware/authenticate.middleware';
import { parseJsonBody } from '../middleware/json-body.middleware';

export interface NotificationsRoutesDeps {
  subscriptions: SubscriptionsService;
  authenticator: Authenticator;
  jsonBodyLimitBytes: number;
}

/** Subscriptions to the caller's video events and the history of their deliveries. */
export function notificationsRoutes({ subscriptions, authenticator, jsonBodyLimitBytes }: NotificationsRoutesDeps): Router {
  const authenticated = requireAuthentication(authenticator);
  return Router()
    .post('/api/notifications/subscriptions', authenticated, parseJsonBody(jsonBodyLimitBytes), async (req, res) => {
      res.status(201).json(await subscriptions.create(principalOf(res).userId, req.body));
    })
    .get('/api/notifications/subscriptions', authenticated, async (_req, res) => {
      res.json({ subscriptions: await subscriptions.list(principalOf(res).userId) });
    })
    .delete('/api/notifications/subscriptions/:id', authenticated, async (req, res) => {
      await subscriptions.remove(principalOf(res).userId, pathParam(req, 'id'));
      res.status(204).end();
    })
    .get('/api/notifications/deliveries', authenticated, async (_req, res) => {
      res.json({ deliveries: await subscriptions.listDeliveries(principalOf(res).userId) });
    });
}
