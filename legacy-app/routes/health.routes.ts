import { Router } from 'express';

/** `GET /health`: no auth, for load balancers and the edge proxy. */
export function healthRoutes(): Router {
  return Router().get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
}
