import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AuthService } from '../core/auth/auth.service';
import type { Authenticator } from '../core/auth/authenticator';
import { answerLegacyError, answerUnknownRoute } from './middleware/legacy-errors.middleware';
import { assignRequestId } from './middleware/request-id.middleware';
import { authRoutes } from './routes/auth.routes';
import { healthRoutes } from './routes/health.routes';

export interface AppDeps {
  auth: AuthService;
  authenticator: Authenticator;
  logger: Logger;
  jsonBodyLimitBytes: number;
}

/** The monolith as an Express app. It never listens: server.ts (or a test, or a Lambda wrapper) does. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  // Headers customers see must not depend on which side answered: no framework banner, no ETag
  // (the Lambdas send none), and client addresses come from the edge proxy.
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(assignRequestId());
  app.use(pinoHttp({ logger: deps.logger, genReqId: (_req, res) => res.locals.requestId as string, quietReqLogger: true }));
  app.use(healthRoutes());
  app.use(authRoutes(deps));
  app.use(answerUnknownRoute());
  app.use(answerLegacyError(deps.logger));
  return app;
}
