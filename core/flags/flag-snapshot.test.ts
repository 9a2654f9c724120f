import { describe, expect, it } from 'vitest';
import { flagOf } from './flag-test-kit';
import type { Flag } from './flag';
import { resolveFlagState, sameFlagVersions, toFlagSnapshot } from './flag-snapshot';

const flag = (scope: Flag['scope'], name: string, state: Flag['state'], version = 1): Flag => flagOf(scope, name, state, version);
const login = { id: 'auth.login', capability: 'auth' };

describe('resolveFlagState', () => {
  it('serves a route by the monolith when nothing is set', () => {
    expect(resolveFlagState(toFlagSnapshot([]), login)).toBe('legacy');
  });

  it('follows the capability flag', () => {
    expect(resolveFlagState(toFlagSnapshot([flag('capability', 'auth', 'lambda')]), login)).toBe('lambda');
  });

  it('lets a route override its capability, both ways', () => {
    const snapshot = toFlagSnapshot([flag('capability', 'auth', 'lambda'), flag('route', 'auth.login', 'legacy')]);
    expect(resolveFlagState(snapshot, login)).toBe('legacy');
    expect(resolveFlagState(snapshot, { id: 'auth.signup', capability: 'auth' })).toBe('lambda');
  });

  it('ignores flags of other capabilities', () => {
    expect(resolveFlagState(toFlagSnapshot([flag('capability', 'videos', 'lambda')]), login)).toBe('legacy');
  });
});

describe('sameFlagVersions', () => {
  it('sees a change of version, and nothing else', () => {
    const a = toFlagSnapshot([flag('capability', 'auth', 'lambda', 3)]);
    expect(sameFlagVersions(a, toFlagSnapshot([flag('capability', 'auth', 'lambda', 3)]))).toBe(true);
    expect(sameFlagVersions(a, toFlagSnapshot([flag('capability', 'auth', 'legacy', 4)]))).toBe(false);
    expect(sameFlagVersions(a, toFlagSnapshot([]))).toBe(false);
  });
});
