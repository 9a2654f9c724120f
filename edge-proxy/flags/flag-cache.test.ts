import { describe, expect, it } from 'vitest';
import { InMemoryFlagStore } from '../../core/flags/adapters/in-memory-flag.store';
import type { Flag } from '../../core/flags/flag';
import { createLogger } from '../../core/logging/create-logger';
import { FlagCache } from './flag-cache';

const silent = createLogger('test', 'silent');
const flipAuth = (store: InMemoryFlagStore, expectedVersion = 0) =>
  store.change({ scope: 'capability', name: 'auth', fromState: 'legacy', toState: 'lambda', reason: 'r', actor: 'a', expectedVersion, at: new Date() });

/** A store whose reads can be made to fail, as a database that went away. */
class FlakyFlagStore extends InMemoryFlagStore {
  failing = false;

  override async list(): Promise<Flag[]> {
    if (this.failing) throw new Error('database unreachable');
    return super.list();
  }
}

describe('FlagCache', () => {
  it('serves the flags as of the last refresh', async () => {
    const store = new InMemoryFlagStore();
    const cache = new FlagCache(store, 60_000, silent);
    await cache.start();
    await flipAuth(store);
    expect(cache.current().capabilities.get('auth')).toBeUndefined();
    await cache.refresh();
    expect(cache.current().capabilities.get('auth')?.state).toBe('lambda');
    cache.stop();
  });

  it('picks changes up by itself', async () => {
    const store = new InMemoryFlagStore();
    const cache = new FlagCache(store, 20, silent);
    await cache.start();
    await flipAuth(store);
    await expect.poll(() => cache.current().capabilities.get('auth')?.state, { timeout: 2_000 }).toBe('lambda');
    cache.stop();
  });

  it('keeps the last known flags while the store cannot be read', async () => {
    const store = new FlakyFlagStore();
    await flipAuth(store);
    const cache = new FlagCache(store, 60_000, silent);
    await cache.start();
    store.failing = true;
    await expect(cache.refresh()).rejects.toThrow('database unreachable');
    expect(cache.current().capabilities.get('auth')?.state).toBe('lambda');
    cache.stop();
  });
});
