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

  it('reads ROLLOUT_ALARM_PREFIX, the stage prefix of the functions’ alarms, and refuses one no alarm name can start with', () => {
    expect(readProxyConfig(localEnv).rolloutAlarmPrefix).toBeUndefined();
    expect(readProxyConfig({ ...localEnv, ROLLOUT_ALARM_PREFIX: '24hv-prod-' }).rolloutAlarmPrefix).toBe('24hv-prod-');
    expect(() => readProxyConfig({ ...localEnv, ROLLOUT_ALARM_PREFIX: '24hv prod*' })).toThrow(/ROLLOUT_ALARM_PREFIX: must be an alarm-name prefix/);
  });
});
