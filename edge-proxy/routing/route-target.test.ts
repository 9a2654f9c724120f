import { describe, expect, it } from 'vitest';
import type { Flag, FlagState } from '../../core/flags/flag';
import { toFlagSnapshot } from '../../core/flags/flag-snapshot';
import { flagOf } from '../../core/flags/flag-test-kit';
import { inCanary } from '../../core/rollout/canary-bucket';
import { routeTable } from './route-table';
import { decideRoute } from './route-target';

const route = (id: string) => routeTable.find((entry) => entry.id === id)!;
const snapshot = (...flags: Flag[]) => toFlagSnapshot(flags);
const capability = (name: string, state: FlagState, setting: Partial<Flag> = {}) => flagOf('capability', name, state, 1, setting);
const decide = (flags: Flag[], id: string, client = 'user:ada') => decideRoute(snapshot(...flags), route(id), () => client);

describe('decideRoute', () => {
  it('serves everything from the monolith when no flag was ever set', () => {
    for (const entry of routeTable) expect(decideRoute(snapshot(), entry, () => 'user:ada')).toEqual({ target: 'legacy' });
  });

  it('sends a flagged route with a function to Lambda, without a copy', () => {
    expect(decide([capability('auth', 'lambda')], 'auth.me')).toMatchObject({ target: 'lambda' });
    expect(decide([capability('auth', 'lambda')], 'auth.me').shadow).toBeUndefined();
  });

  it('keeps routes without a function, and platform routes, on the monolith whatever the flag says', () => {
    expect(decide([capability('videos', 'lambda')], 'videos.list')).toEqual({ target: 'legacy' });
    expect(decide([capability('auth', 'lambda')], 'platform.health')).toEqual({ target: 'legacy' });
  });

  it('in shadow, answers from the monolith and copies reads and dry-run writes to the Lambda, never writes with external effects', () => {
    const flags = [capability('auth', 'shadow'), capability('transcoding', 'shadow')];
    expect(decide(flags, 'auth.me')).toMatchObject({ target: 'legacy', shadow: { target: 'lambda', policy: { mode: 'mirror' } } });
    expect(decide(flags, 'auth.signup')).toMatchObject({ target: 'legacy', shadow: { target: 'lambda', policy: { mode: 'dry-run', primaryCreates: { resource: 'user', idPointer: '/user/id' } } } });
    expect(decide(flags, 'transcoding.start').shadow).toBeUndefined();
    expect(decide(flags, 'transcoding.job').shadow?.target).toBe('lambda');
  });

  it('in canary, sends the clients in the share to the Lambda and copies the others’ requests to it', () => {
    const flags = [capability('auth', 'canary', { canaryPercent: 30 })];
    const clients = Array.from({ length: 400 }, (_, i) => `user:${i}`);
    for (const client of clients) {
      const decision = decide(flags, 'auth.me', client);
      if (inCanary('auth', client, 30)) expect([decision.target, decision.shadow]).toEqual(['lambda', undefined]);
      else expect(decision).toMatchObject({ target: 'legacy', shadow: { target: 'lambda' } });
    }
    expect(clients.filter((client) => decide(flags, 'auth.me', client).target === 'lambda').length).toBeGreaterThan(80);
  });

  it('in lambda with reverse shadow, copies reads to the monolith but never writes (the monolith cannot dry-run)', () => {
    const flags = [capability('auth', 'lambda', { reverseShadow: true })];
    expect(decide(flags, 'auth.me')).toMatchObject({ target: 'lambda', shadow: { target: 'legacy', policy: { mode: 'mirror' } } });
    expect(decide(flags, 'auth.signup').shadow).toBeUndefined();
  });

  it('lets a route override its capability, both ways', () => {
    const flags = [capability('auth', 'lambda'), flagOf('route', 'auth.login', 'legacy')];
    expect(decide(flags, 'auth.login').target).toBe('legacy');
    expect(decide(flags, 'auth.signup').target).toBe('lambda');
    expect(decide([flagOf('route', 'auth.me', 'shadow')], 'auth.me').shadow?.target).toBe('lambda');
  });
});
