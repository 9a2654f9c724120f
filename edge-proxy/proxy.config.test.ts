import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/config/read-env';
import { readProxyConfig } from './proxy.config';

const localEnv = { LAMBDA_ENDPOINT: 'http://127.0.0.1:3002' };

describe('readProxyConfig', () => {
  it('sends the monolith\u2019s traffic to LEGACY_URL when LEGACY_FUNCTION is not set', () => {
    expect(readProxyConfig(localEnv)).toMatchObject({ legacyUrl: 'http://127.0.0.1:3001', legacyFunction: undefined });
  });

  it('reads LEGACY_FUNCTION, a function of the registry', () => {
    expect(readProxyConfig({ ...localEnv, LEGACY_FUNCTION: 'legacy-monolith' }).legacyFunction).toBe('legacy-monolith');
  });

  it('refuses to start with a LEGACY_FUNCTION the registry does not declare, naming the variable and the choices', () => {
    const read = () => readProxyConfig({ ...localEnv, LEGACY_FUNCTION: 'legacy-monolit' });

    expect(read).toThrow(ConfigError);
    expect(read).toThrow('LEGACY_FUNCTION: no function "legacy-monolit" in extracted-functions/registry.ts; expected one of');
    expect(read).toThrow(/legacy-monolith/);
  });

  it('refuses an empty LEGACY_FUNCTION rather than guessing what was meant', () => {
    expect(() => readProxyConfig({ ...localEnv, LEGACY_FUNCTION: '' })).toThrow(/LEGACY_FUNCTION: no function ""/);
  });

  it('reads METRICS_TOKEN, and refuses one short enough to guess', () => {
    expect(readProxyConfig(localEnv).metricsToken).toBeUndefined();
    expect(readProxyConfig({ ...localEnv, METRICS_TOKEN: 'metrics-token-0123456789abcdef' }).metricsToken).toBe('metrics-token-0123456789abcdef');
    expect(() => readProxyConfig({ ...localEnv, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 24 characters/);
  });

  it('reads ROLLOUT_ALARM_PREFIX, the stage prefix of the functions’ alarms, and refuses one no alarm name can start with', () => {
    expect(readProxyConfig(localEnv).rolloutAlarmPrefix).toBeUndefined();
    expect(readProxyConfig({ ...localEnv, ROLLOUT_ALARM_PREFIX: '24hv-prod-' }).rolloutAlarmPrefix).toBe('24hv-prod-');
    expect(() => readProxyConfig({ ...localEnv, ROLLOUT_ALARM_PREFIX: '24hv prod*' })).toThrow(/ROLLOUT_ALARM_PREFIX: must be an alarm-name prefix/);
  });

  it('reads the retire policy and the monolith’s servers, with defaults, and refuses values that make no sense', () => {
    expect(readProxyConfig(localEnv)).toMatchObject({ retire: { onLambdaForDays: 14, minRequests: 1000, parityLookbackDays: 45 }, monolithServers: { instanceHourly: 0.096, instanceCount: 2 } });
    const custom = readProxyConfig({ ...localEnv, RETIRE_AFTER_DAYS_ON_LAMBDA: '7', RETIRE_MIN_LAMBDA_REQUESTS: '50', MONOLITH_INSTANCE_HOURLY_USD: '0.192', MONOLITH_INSTANCE_COUNT: '3' });
    expect(custom).toMatchObject({ retire: { onLambdaForDays: 7, minRequests: 50 }, monolithServers: { instanceHourly: 0.192, instanceCount: 3 } });
    expect(() => readProxyConfig({ ...localEnv, MONOLITH_INSTANCE_COUNT: '0' })).toThrow(/MONOLITH_INSTANCE_COUNT: /);
    expect(() => readProxyConfig({ ...localEnv, MONOLITH_INSTANCE_HOURLY_USD: 'cheap' })).toThrow(/MONOLITH_INSTANCE_HOURLY_USD: /);
    expect(() => readProxyConfig({ ...localEnv, RETIRE_AFTER_DAYS_ON_LAMBDA: '-1' })).toThrow(/RETIRE_AFTER_DAYS_ON_LAMBDA: /);
  });

  it('keeps 90 days of stats unless told otherwise, and refuses fewer than the week or the days the retire verdict reads', () => {
    expect(readProxyConfig(localEnv).statsRetentionDays).toBe(90);
    expect(readProxyConfig({ ...localEnv, STATS_RETENTION_DAYS: '60' }).statsRetentionDays).toBe(60);
    expect(() => readProxyConfig({ ...localEnv, STATS_RETENTION_DAYS: '6' })).toThrow(/STATS_RETENTION_DAYS: /);
    expect(() => readProxyConfig({ ...localEnv, STATS_RETENTION_DAYS: '30' })).toThrow(
      'STATS_RETENTION_DAYS (30) must be at least RETIRE_PARITY_LOOKBACK_DAYS (45): the retire verdict reads the parity of those days',
    );
    expect(() => readProxyConfig({ ...localEnv, STATS_RETENTION_DAYS: '10', RETIRE_PARITY_LOOKBACK_DAYS: '7' })).toThrow(
      'STATS_RETENTION_DAYS (10) must be at least RETIRE_AFTER_DAYS_ON_LAMBDA (14): the retire verdict counts the requests of those days',
    );
  });


  it('leaves the per-client rate limits off unless set', () => {
    expect(readProxyConfig(localEnv).rateLimit).toEqual({ perWindow: 0, credentialsPerWindow: 0, windowMs: 60_000, trustedProxies: [] });
  });

  it('reads the rate limits and the trusted proxies, and refuses an entry that is no address or range', () => {
    const env = { ...localEnv, RATE_LIMIT_PER_MINUTE: '600', RATE_LIMIT_LOGIN_PER_MINUTE: '10', RATE_LIMIT_TRUSTED_PROXIES: ' 10.0.0.0/8, fd00::/8 ' };
    expect(readProxyConfig(env).rateLimit).toEqual({ perWindow: 600, credentialsPerWindow: 10, windowMs: 60_000, trustedProxies: ['10.0.0.0/8', 'fd00::/8'] });
    expect(() => readProxyConfig({ ...localEnv, RATE_LIMIT_TRUSTED_PROXIES: '10.0.0.0/8,load-balancer' })).toThrow(/RATE_LIMIT_TRUSTED_PROXIES: expected comma-separated IP addresses or CIDR ranges/);
    expect(() => readProxyConfig({ ...localEnv, RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });

  it('sheds shadow copies above half a busy event loop unless told otherwise, and refuses a share outside (0, 1]', () => {
    expect(readProxyConfig(localEnv).shadowMaxLoopUtilization).toBe(0.5);
    expect(readProxyConfig({ ...localEnv, SHADOW_MAX_LOOP_UTILIZATION: '1' }).shadowMaxLoopUtilization).toBe(1);
    for (const wrong of ['0', '1.5', 'busy']) expect(() => readProxyConfig({ ...localEnv, SHADOW_MAX_LOOP_UTILIZATION: wrong }), wrong).toThrow(/SHADOW_MAX_LOOP_UTILIZATION/);
  });

  it('copies at most 50 requests of a route a second unless told otherwise, and refuses a rate that is not positive', () => {
    expect(readProxyConfig(localEnv).shadowCopiesPerSecond).toBe(50);
    expect(readProxyConfig({ ...localEnv, SHADOW_COPIES_PER_SECOND: '0.5' }).shadowCopiesPerSecond).toBe(0.5);
    for (const wrong of ['0', '-5', 'all']) expect(() => readProxyConfig({ ...localEnv, SHADOW_COPIES_PER_SECOND: wrong }), wrong).toThrow(/SHADOW_COPIES_PER_SECOND/);
  });
});
