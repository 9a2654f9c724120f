import { z } from 'zod';
import { ConfigError, portVariable, positiveIntVariable, readEnv, urlVariable } from '../core/config/read-env';
import { readRolloutPolicy, type RolloutPolicy } from '../core/rollout/rollout-policy';
import { findFunction, functionRegistry } from '../extracted-functions/registry';

export interface ProxyConfig {
  readonly port: number;
  readonly host: string;
  /** Base URL of the monolith. */
  readonly legacyUrl: string;
  readonly legacyTimeoutMs: number;
  /**
   * The monolith deployed as one Lambda (lift-and-shift): when set, everything the monolith answers
   * is served by invoking this function instead of calling `legacyUrl`.
   */
  readonly legacyFunction?: string;
  /** Lambda Invoke API endpoint: the local runtime, or undefined for real AWS (default credentials). */
  readonly lambdaEndpoint?: string;
  readonly awsRegion: string;
  /** Engineers' token for the admin API; undefined: only admin users' tokens are accepted. */
  readonly adminToken?: string;
  readonly flagRefreshMs: number;
  readonly authorizerCacheTtlSeconds: number;
  /** Mirrors waiting to be sent (beyond it they are dropped and counted) and sent at once. */
  readonly shadowQueueCapacity: number;
  readonly shadowConcurrency: number;
  /** Bytes of a shadowed request and its responses kept to compare. */
  readonly shadowCaptureBytes: number;
  /** How often this instance writes its traffic and parity counts to the database. */
  readonly statsFlushMs: number;
  /** Where engineers are told about automatic rollbacks and ramp steps (besides the log). */
  readonly rolloutWebhookUrl?: string;
  /** In AWS: the stage prefix of the functions' CloudWatch alarms (`24hv-<stage>-`), read by the automatic rollback. */
  readonly rolloutAlarmPrefix?: string;
  /** The parity gate, automatic rollback and its cool-down. */
  readonly policy: RolloutPolicy;
}

const schema = z.object({
  EDGE_PORT: portVariable(3000),
  EDGE_HOST: z.string().min(1).default('127.0.0.1'),
  LEGACY_URL: urlVariable().default('http://127.0.0.1:3001'),
  LEGACY_TIMEOUT_MS: positiveIntVariable(30_000),
  LEGACY_FUNCTION: z
    .string()
    .refine((name) => findFunction(name) !== undefined, {
      error: (issue) =>
        `no function ${JSON.stringify(issue.input)} in extracted-functions/registry.ts; expected one of ${functionRegistry.map((fn) => fn.name).join(', ')}`,
    })
    .optional(),
  LAMBDA_ENDPOINT: urlVariable().optional(),
  AWS_REGION: z.string().min(1).optional(),
  STRANGLER_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  FLAG_REFRESH_MS: positiveIntVariable(250),
  AUTHORIZER_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  SHADOW_QUEUE_CAPACITY: positiveIntVariable(200),
  SHADOW_CONCURRENCY: positiveIntVariable(4),
  SHADOW_CAPTURE_BYTES: positiveIntVariable(256 * 1024),
  STATS_FLUSH_MS: positiveIntVariable(5000),
  ROLLOUT_WEBHOOK_URL: urlVariable().optional(),
  ROLLOUT_ALARM_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be an alarm-name prefix such as 24hv-prod-').optional(),
});

/** Reads the edge proxy's configuration. */
export function readProxyConfig(env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  const vars = readEnv(schema, env);
  const awsRegion = vars.AWS_REGION ?? (vars.LAMBDA_ENDPOINT ? 'us-east-1' : undefined);
  if (!awsRegion) throw new ConfigError('Invalid configuration: AWS_REGION is required when LAMBDA_ENDPOINT is not set (real AWS Lambda)');
  return {
    port: vars.EDGE_PORT,
    host: vars.EDGE_HOST,
    legacyUrl: vars.LEGACY_URL,
    legacyTimeoutMs: vars.LEGACY_TIMEOUT_MS,
    legacyFunction: vars.LEGACY_FUNCTION,
    lambdaEndpoint: vars.LAMBDA_ENDPOINT,
    awsRegion,
    adminToken: vars.STRANGLER_ADMIN_TOKEN,
    flagRefreshMs: vars.FLAG_REFRESH_MS,
    authorizerCacheTtlSeconds: vars.AUTHORIZER_CACHE_TTL_SECONDS,
    shadowQueueCapacity: vars.SHADOW_QUEUE_CAPACITY,
    shadowConcurrency: vars.SHADOW_CONCURRENCY,
    shadowCaptureBytes: vars.SHADOW_CAPTURE_BYTES,
    statsFlushMs: vars.STATS_FLUSH_MS,
    rolloutWebhookUrl: vars.ROLLOUT_WEBHOOK_URL,
    rolloutAlarmPrefix: vars.ROLLOUT_ALARM_PREFIX,
    policy: readRolloutPolicy(env),
  };
}
