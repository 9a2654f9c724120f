import * as z from 'zod';
import { ConfigError, portVariable, positiveIntVariable, readEnv, urlVariable } from '../core/config/read-env';
import type { MonolithServers } from '../core/rollout/cost/cost-model';
import type { RetirePolicy } from '../core/rollout/progress/retire-readiness';
import { readRolloutPolicy, type RolloutPolicy } from '../core/rollout/rollout-policy';
import { findFunction, functionRegistry } from '../extracted-functions/registry';
import { isAddressOrRange } from './rate-limit/client-address';

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
  /** Bearer token Prometheus presents to scrape /metrics; undefined: the admin token serves. */
  readonly metricsToken?: string;
  readonly flagRefreshMs: number;
  readonly authorizerCacheTtlSeconds: number;
  /** Mirrors waiting to be sent (beyond it they are dropped and counted) and sent at once. */
  readonly shadowQueueCapacity: number;
  readonly shadowConcurrency: number;
  /** Bytes of a shadowed request and its responses kept to compare. */
  readonly shadowCaptureBytes: number;
  /** Copies of one route this instance sends per second at most; a busier route's requests are sampled. */
  readonly shadowCopiesPerSecond: number;
  /** Event loop utilization (0-1) above which shadow copies are dropped rather than sent; 1: never. */
  readonly shadowMaxLoopUtilization: number;
  /** How often this instance writes its traffic and parity counts to the database. */
  readonly statsFlushMs: number;
  /** Days of per-minute traffic and parity counts kept (route_stats, parity_stats); older minutes are deleted. */
  readonly statsRetentionDays: number;
  /** Where engineers are told about automatic rollbacks and ramp steps (besides the log). */
  readonly rolloutWebhookUrl?: string;
  /** In AWS: the stage prefix of the functions' CloudWatch alarms (`24hv-<stage>-`), read by the automatic rollback. */
  readonly rolloutAlarmPrefix?: string;
  /** The parity gate, automatic rollback and its cool-down. */
  readonly policy: RolloutPolicy;
  /** When the progress answer calls a route ready to leave the monolith; its parity threshold and sample are `policy`'s. */
  readonly retire: Omit<RetirePolicy, 'parityThreshold' | 'parityMinSample'>;
  /** The monolith's servers, for the cost model: the on-demand price of one instance and how many run. */
  readonly monolithServers: MonolithServers;
  /** Per-client request limits at the edge. */
  readonly rateLimit: RateLimitConfig;
}

export interface RateLimitConfig {
  /** Requests per client per window, any route; 0: no limit. */
  readonly perWindow: number;
  /** Sign-ups and sign-ins per client per window (password guessing, scrypt's CPU); 0: no limit. */
  readonly credentialsPerWindow: number;
  readonly windowMs: number;
  /** Addresses or CIDR ranges of proxies in front of this one, whose X-Forwarded-For is believed. */
  readonly trustedProxies: readonly string[];
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
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  FLAG_REFRESH_MS: positiveIntVariable(250),
  AUTHORIZER_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  SHADOW_QUEUE_CAPACITY: positiveIntVariable(200),
  SHADOW_CONCURRENCY: positiveIntVariable(4),
  SHADOW_CAPTURE_BYTES: positiveIntVariable(256 * 1024),
  SHADOW_COPIES_PER_SECOND: z.coerce.number().gt(0).default(50),
  // Above this share of its event loop busy, the proxy sheds shadow copies; 1 never sheds.
  SHADOW_MAX_LOOP_UTILIZATION: z.coerce.number().gt(0).max(1).default(0.5),
  STATS_FLUSH_MS: positiveIntVariable(5000),
  // The progress answer reads the last week of traffic, the retire verdict RETIRE_AFTER_DAYS_ON_LAMBDA days of
  // traffic and RETIRE_PARITY_LOOKBACK_DAYS days of parity.
  STATS_RETENTION_DAYS: z.coerce.number().int().min(7).max(3650).default(90),
  ROLLOUT_WEBHOOK_URL: urlVariable().optional(),
  ROLLOUT_ALARM_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be an alarm-name prefix such as 24hv-prod-').optional(),
  // Two weeks on lambda sees weekly jobs and reports come by twice before the monolith's copy goes.
  RETIRE_AFTER_DAYS_ON_LAMBDA: z.coerce.number().min(0).max(365).default(14),
  RETIRE_MIN_LAMBDA_REQUESTS: z.coerce.number().int().min(0).default(1000),
  // Parity is measured in shadow, before lambda: the look-back must reach past the days on lambda.
  RETIRE_PARITY_LOOKBACK_DAYS: z.coerce.number().min(1).max(365).default(45),
  // An m5.large on demand in us-east-1 (Linux), and a second one for availability.
  MONOLITH_INSTANCE_HOURLY_USD: z.coerce.number().min(0).default(0.096),
  MONOLITH_INSTANCE_COUNT: z.coerce.number().int().min(1).default(2),
  // Off unless set: one address can be a whole office behind NAT, and only the operator knows how big.
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(0),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(0).default(0),
  RATE_LIMIT_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0))
    .refine((entries) => entries.every(isAddressOrRange), 'expected comma-separated IP addresses or CIDR ranges, e.g. 10.0.0.0/8,fd00::/8'),
});

/** Reads the edge proxy's configuration. */
export function readProxyConfig(env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  const vars = readEnv(schema, env);
  const awsRegion = vars.AWS_REGION ?? (vars.LAMBDA_ENDPOINT ? 'us-east-1' : undefined);
  if (!awsRegion) throw new ConfigError('Invalid configuration: AWS_REGION is required when LAMBDA_ENDPOINT is not set (real AWS Lambda)');
  for (const [name, days, why] of [
    ['RETIRE_AFTER_DAYS_ON_LAMBDA', vars.RETIRE_AFTER_DAYS_ON_LAMBDA, 'the retire verdict counts the requests of those days'],
    ['RETIRE_PARITY_LOOKBACK_DAYS', vars.RETIRE_PARITY_LOOKBACK_DAYS, 'the retire verdict reads the parity of those days'],
  ] as const) {
    if (vars.STATS_RETENTION_DAYS < days) throw new ConfigError(`Invalid configuration: STATS_RETENTION_DAYS (${vars.STATS_RETENTION_DAYS}) must be at least ${name} (${days}): ${why}`);
  }

  return {
    port: vars.EDGE_PORT,
    host: vars.EDGE_HOST,
    legacyUrl: vars.LEGACY_URL,
    legacyTimeoutMs: vars.LEGACY_TIMEOUT_MS,
    legacyFunction: vars.LEGACY_FUNCTION,
    lambdaEndpoint: vars.LAMBDA_ENDPOINT,
    awsRegion,
    adminToken: vars.STRANGLER_ADMIN_TOKEN,
    metricsToken: vars.METRICS_TOKEN,
    flagRefreshMs: vars.FLAG_REFRESH_MS,
    authorizerCacheTtlSeconds: vars.AUTHORIZER_CACHE_TTL_SECONDS,
    shadowQueueCapacity: vars.SHADOW_QUEUE_CAPACITY,
    shadowConcurrency: vars.SHADOW_CONCURRENCY,
    shadowCaptureBytes: vars.SHADOW_CAPTURE_BYTES,
    shadowCopiesPerSecond: vars.SHADOW_COPIES_PER_SECOND,
    shadowMaxLoopUtilization: vars.SHADOW_MAX_LOOP_UTILIZATION,
    statsFlushMs: vars.STATS_FLUSH_MS,
    statsRetentionDays: vars.STATS_RETENTION_DAYS,
    rolloutWebhookUrl: vars.ROLLOUT_WEBHOOK_URL,
    rolloutAlarmPrefix: vars.ROLLOUT_ALARM_PREFIX,
    policy: readRolloutPolicy(env),
    retire: { onLambdaForDays: vars.RETIRE_AFTER_DAYS_ON_LAMBDA, minRequests: vars.RETIRE_MIN_LAMBDA_REQUESTS, parityLookbackDays: vars.RETIRE_PARITY_LOOKBACK_DAYS },
    monolithServers: { instanceHourly: vars.MONOLITH_INSTANCE_HOURLY_USD, instanceCount: vars.MONOLITH_INSTANCE_COUNT },
    rateLimit: {
      perWindow: vars.RATE_LIMIT_PER_MINUTE,
      credentialsPerWindow: vars.RATE_LIMIT_LOGIN_PER_MINUTE,
      windowMs: 60_000,
      trustedProxies: vars.RATE_LIMIT_TRUSTED_PROXIES,
    },
  };
}
