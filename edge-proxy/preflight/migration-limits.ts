import { readHttpConfig } from '../../core/legacy-api/http.config';
import { readVideosConfig } from '../../core/videos/videos.config';
import { integrationTimeoutMs, maxSyncPayloadBytes } from '../dispatch/lambda-invoker';

/** The limits of Lambda, API Gateway and the monolith that decide what a route may do on Lambda. */
export interface MigrationLimits {
  /** Lambda's synchronous invocation payload, for the request and for the response. */
  readonly lambdaSyncPayloadBytes: number;
  /** API Gateway ends an integration after this long (REST API; HTTP API: 30 s). */
  readonly integrationTimeoutSeconds: number;
  /** The longest the edge proxy waits for a function before its legacy 504. */
  readonly proxyWaitSeconds: number;
  /** UPLOAD_LIMIT_BYTES: the largest upload the monolith accepts. */
  readonly uploadLimitBytes: number;
  /** JSON_BODY_LIMIT_BYTES: the largest JSON request body either side accepts. */
  readonly jsonBodyLimitBytes: number;
}


/** The limits this system runs with: Lambda's and API Gateway's, and the monolith's from its environment. */
export function readMigrationLimits(env: NodeJS.ProcessEnv = process.env): MigrationLimits {
  return {
    lambdaSyncPayloadBytes: maxSyncPayloadBytes,
    integrationTimeoutSeconds: 29,
    proxyWaitSeconds: integrationTimeoutMs / 1000,
    // Only the upload limit is read: the storage folder (from the data dir) does not matter here.
    uploadLimitBytes: readVideosConfig(env.DATA_DIR ?? 'data', env).uploadLimitBytes,
    jsonBodyLimitBytes: readHttpConfig(env).jsonBodyLimitBytes,
  };
}

/** How many bytes of binary fit in `payloadBytes` once base64-encoded (4 characters per 3 bytes). */
export function base64CapacityBytes(payloadBytes: number): number {
  return Math.floor((payloadBytes * 3) / 4);
}
