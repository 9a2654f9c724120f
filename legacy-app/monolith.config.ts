import { readAuthConfig } from '../core/auth/auth.config';
import { readAwsAdaptersConfig } from '../core/config/aws-adapters.config';
import { readHttpConfig } from '../core/legacy-api/http.config';
import { readNotificationsConfig } from '../core/notifications/notifications.config';
import { readPipelineConfig } from '../core/pipeline/pipeline.config';
import { readTranscodingConfig } from '../core/transcoding/transcoding.config';
import { readVideosConfig } from '../core/videos/videos.config';
import type { MonolithConfig } from './compose-monolith';

/** The monolith's whole configuration from the environment, for the server and the lift-and-shift Lambda alike. */
export function readMonolithConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): MonolithConfig {
  return {
    auth: readAuthConfig(env),
    jsonBodyLimitBytes: readHttpConfig(env).jsonBodyLimitBytes,
    videos: readVideosConfig(dataDir, env),
    transcoding: readTranscodingConfig(env),
    notifications: readNotificationsConfig(dataDir, env),
    email: readAwsAdaptersConfig(env).email,
    pipeline: readPipelineConfig(env),
  };
}
