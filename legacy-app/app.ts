import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { AuthService } from '../core/auth/auth.service';
import type { Authenticator } from '../core/auth/authenticator';
import type { MetadataService } from '../core/metadata/metadata.service';
import type { SubscriptionsService } from '../core/notifications/subscriptions.service';
import type { TranscodingService } from '../core/transcoding/transcoding.service';
import type { VideosService } from '../core/videos/videos.service';
import { answerLegacyError, answerUnknownRoute } from './middleware/legacy-errors.middleware';
import { assignRequestId } from './middleware/request-id.middleware';
import { logRequests } from './middleware/request-logging.middleware';
import { authRoutes } from './routes/auth.routes';
import { healthRoutes } from './routes/health.routes';
import { metadataRoutes } from './routes/metadata.routes';
import { notificationsRoutes } from './routes/notifications.routes';
import { transcodingRoutes } from './routes/transcoding.routes';
import { videosRoutes } from './routes/videos.routes';

export interface AppDeps {
  auth: AuthService;
  authenticator: Authenticator;
  videos: VideosService;
  transcoding: TranscodingService;
  metadata: MetadataService;
  subscriptions: SubscriptionsService;
  logger: Logger;
  jsonBodyLimitBytes: number;
  uploadLimitBytes: number;
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
  app.use(logRequests(deps.logger));
  app.use(healthRoutes());
  app.use(authRoutes(deps));
  app.use(videosRoutes(deps));
  app.use(transcodingRoutes(deps));
  app.use(metadataRoutes(deps));
  app.use(notificationsRoutes(deps));
  app.use(answerUnknownRoute());
  // Twice the upload limit: enough to read the rest of any upload refused part way.
  app.use(answerLegacyError(deps.logger, 2 * deps.uploadLimitBytes));
  return app;
}
