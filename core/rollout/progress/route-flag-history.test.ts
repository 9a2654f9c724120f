import { describe, expect, it } from 'vitest';
import type { FlagChange } from '../../flags/flag';
import { readCapabilityFlagHistory, readRouteFlagHistory } from './route-flag-history';

// Audit ids grow in the order entries are written: each test creates its changes in that order.
let nextId = 1;
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 10));

/** An audit entry, numbered in the order the test writes them. */
function aChange(scope: FlagChange['scope'], name: string, fromState: FlagChange['fromState'], toState: FlagChange['toState'], day: number, actor = 'alice'): FlagChange {
  return { id: nextId++, scope, name, fromState, toState, toPercent: 0, reason: `to ${toState}`, actor, changedAt: at(day), forced: false, evidence: null };
}

const route = { id: 'auth.me', capability: 'auth' };

describe('readRouteFlagHistory', () => {
  it('dates the stay on lambda from the change that put the route there', () => {
    const changes = [aChange('capability', 'auth', 'legacy', 'shadow', 1), aChange('capability', 'auth', 'shadow', 'canary', 2), aChange('capability', 'auth', 'canary', 'lambda', 3)];

    const history = readRouteFlagHistory(changes.reverse(), route);

    expect(history.onLambdaSince).toEqual(at(3));
    expect(history.lastFlip?.toState).toBe('lambda');
    expect(history.lastRollback).toBeNull();
  });

  it('restarts the stay after a rollback, and remembers the rollback', () => {
    const flip = aChange('capability', 'auth', 'legacy', 'lambda', 1);
    const rollback = aChange('capability', 'auth', 'lambda', 'legacy', 5, 'rollout-controller');
    const changes = [flip, rollback, aChange('capability', 'auth', 'legacy', 'lambda', 8)];

    const history = readRouteFlagHistory(changes, route);

    expect(history.onLambdaSince).toEqual(at(8));
    expect(history.lastRollback).toBe(rollback);
  });

  it('ignores capability changes while the route is overridden, and follows it again once the override goes', () => {
    const pin = aChange('route', 'auth.me', 'legacy', 'legacy', 1);
    const changes = [pin, aChange('capability', 'auth', 'legacy', 'lambda', 2)];
    expect(readRouteFlagHistory(changes, route)).toEqual({ onLambdaSince: null, lastFlip: pin, lastRollback: null });

    const unpin = aChange('route', 'auth.me', 'legacy', 'inherit', 4);
    expect(readRouteFlagHistory([...changes, unpin], route)).toEqual({ onLambdaSince: at(4), lastFlip: unpin, lastRollback: null });
  });

  it('counts the removal of a lambda override under a legacy capability as a rollback', () => {
    const changes = [aChange('route', 'auth.me', 'legacy', 'lambda', 1), aChange('route', 'auth.me', 'lambda', 'inherit', 2)];

    const history = readRouteFlagHistory(changes, route);

    expect(history.onLambdaSince).toBeNull();
    expect(history.lastRollback?.toState).toBe('inherit');
  });

  it('leaves out other capabilities and routes', () => {
    const changes = [aChange('capability', 'metadata', 'legacy', 'lambda', 1), aChange('route', 'auth.login', 'legacy', 'lambda', 1)];

    expect(readRouteFlagHistory(changes, route)).toEqual({ onLambdaSince: null, lastFlip: null, lastRollback: null });
  });
});

describe('readCapabilityFlagHistory', () => {
  it('gives the capability’s own last change and its last return to legacy', () => {
    const canary = aChange('capability', 'auth', 'legacy', 'canary', 1);
    const rollback = aChange('capability', 'auth', 'canary', 'legacy', 2);
    const last = aChange('capability', 'auth', 'legacy', 'shadow', 3);
    const changes = [last, canary, aChange('route', 'auth.me', 'legacy', 'lambda', 4), rollback];

    expect(readCapabilityFlagHistory(changes, 'auth')).toEqual({ lastFlip: last, lastRollback: rollback });
  });
});
