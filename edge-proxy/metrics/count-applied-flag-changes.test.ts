import { describe, expect, it } from 'vitest';
import { InMemoryFlagStore } from '../../core/flags/adapters/in-memory-flag.store';
import type { FlagScope } from '../../core/flags/flag';
import { stateChange } from '../../core/flags/flag-test-kit';
import { createLogger } from '../../core/logging/create-logger';
import { FlagCache } from '../flags/flag-cache';
import { countAppliedFlagChanges } from './count-applied-flag-changes';

const silent = createLogger('test', 'silent');
const at = new Date('2026-12-03T08:00:00Z');

/** A flag cache over an in-memory store, counted from its first load on. */
async function countedCache() {
  const store = new InMemoryFlagStore();
  await store.change(stateChange({ scope: 'capability', name: 'auth', fromState: 'legacy', toState: 'shadow', reason: 'r', actor: 'a', expectedVersion: 0, at }));
  const cache = new FlagCache(store, 60_000, silent);
  await cache.refresh();
  const counted: string[] = [];
  countAppliedFlagChanges(cache, { countFlagChange: (scope: FlagScope, name: string, toState: string) => void counted.push(`${scope}:${name}->${toState}`) });
  return { store, cache, counted };
}

describe('countAppliedFlagChanges', () => {
  it('counts nothing for the flags already applied when counting starts, nor for a reload that changed nothing', async () => {
    const { cache, counted } = await countedCache();
    await cache.refresh();
    expect(counted).toEqual([]);
  });

  it('counts each flag whose version moved once, with the state it moved to', async () => {
    const { store, cache, counted } = await countedCache();
    await store.change(stateChange({ scope: 'capability', name: 'auth', fromState: 'shadow', toState: 'lambda', reason: 'r', actor: 'a', expectedVersion: 1, at }));
    await store.change(stateChange({ scope: 'route', name: 'auth.login', fromState: 'lambda', toState: 'legacy', reason: 'r', actor: 'a', expectedVersion: 0, at }));
    await cache.refresh();
    expect(counted).toEqual(['capability:auth->lambda', 'route:auth.login->legacy']);
  });

  it('counts a removed route override as inherit', async () => {
    const { store, cache, counted } = await countedCache();
    const override = await store.change(stateChange({ scope: 'route', name: 'auth.me', fromState: 'shadow', toState: 'legacy', reason: 'r', actor: 'a', expectedVersion: 0, at }));
    await cache.refresh();
    await store.removeRouteFlag({ name: 'auth.me', fromState: 'legacy', reason: 'r', actor: 'a', expectedVersion: override.id, at, forced: false, evidence: null });
    await cache.refresh();
    expect(counted).toEqual(['route:auth.me->legacy', 'route:auth.me->inherit']);
  });
});
