import { describe, expect, it } from 'vitest';
import { flagOf } from './flag-test-kit';
import type { Flag } from './flag';
import { resolveFlag, sameFlagVersions, toFlagSnapshot } from './flag-snapshot';

const flag = (scope: Flag['scope'], name: string, state: Flag['state'], version = 1): Flag => flagOf(scope, name, state, version);
const login = { id: 'auth.login', capability: 'auth' };

describe('resolveFlag', () => {
  it('finds no flag for a route when nothing is set (the monolith serves it)', () => {
    expect(resolveFlag(toFlagSnapshot([]), login)).toBeUndefined();
  });

  it('follows the capability flag', () => {
    expect(resolveFlag(toFlagSnapshot([flag('capability', 'auth', 'lambda')]), login)?.state).toBe('lambda');
  });

  it('lets a route override its capability, both ways', () => {
    const snapshot = toFlagSnapshot([flag('capability', 'auth', 'lambda'), flag('route', 'auth.login', 'legacy')]);
    expect(resolveFlag(snapshot, login)).toMatchObject({ scope: 'route', state: 'legacy' });
    expect(resolveFlag(snapshot, { id: 'auth.signup', capability: 'auth' })).toMatchObject({ scope: 'capability', state: 'lambda' });
  });

  it('ignores flags of other capabilities', () => {
    expect(resolveFlag(toFlagSnapshot([flag('capability', 'videos', 'lambda')]), login)).toBeUndefined();
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
