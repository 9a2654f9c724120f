import { describe, expect, it } from 'vitest';
import { stateChange } from '../../core/flags/flag-test-kit';
import { InMemoryFlagStore } from '../../core/flags/adapters/in-memory-flag.store';
import type { Flag, FlagState } from '../../core/flags/flag';
import { createLogger } from '../../core/logging/create-logger';
import { FlagCache } from './flag-cache';

const silent = createLogger('test', 'silent');
const flipAuth = (store: InMemoryFlagStore, expectedVersion = 0, fromState: FlagState = 'legacy', toState: FlagState = 'lambda') =>
  store.change(stateChange({ scope: 'capability', name: 'auth', fromState, toState, reason: 'r', actor: 'a', expectedVersion, at: new Date() }));

/** A store that counts its reads and can be made to fail, as a database that went away. */
class FlakyFlagStore extends InMemoryFlagStore {
  failing = false;
  lists = 0;
  versionChecks = 0;

  override async list(): Promise<Flag[]> {
    this.lists++;
    if (this.failing) throw new Error('database unreachable');
    return super.list();
  }

  override async latestVersion(): Promise<number> {
    this.versionChecks++;
    if (this.failing) throw new Error('database unreachable');
    return super.latestVersion();
  }
}

/** A store whose list() reads at once but answers only when released, as a slow query. */
class SlowFlagStore extends InMemoryFlagStore {
  lists = 0;
  private releaseHeld = () => {};
  private readonly held = new Promise<void>((resolve) => (this.releaseHeld = resolve));

  override async list(): Promise<Flag[]> {
    this.lists++;
    const flags = await super.list();
    await this.held;
    return flags;
  }

  release(): void {
    this.releaseHeld();
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

  it('reloads the flags only when the store version moved', async () => {
    const store = new FlakyFlagStore();
    const cache = new FlagCache(store, 5, silent);
    await cache.start();
    await expect.poll(() => store.versionChecks, { timeout: 2_000 }).toBeGreaterThanOrEqual(5);
    expect(store.lists).toBe(1);
    await flipAuth(store);
    await expect.poll(() => cache.current().capabilities.get('auth')?.state, { timeout: 2_000 }).toBe('lambda');
    const checksAfterFlip = store.versionChecks;
    await expect.poll(() => store.versionChecks, { timeout: 2_000 }).toBeGreaterThanOrEqual(checksAfterFlip + 5);
    expect(store.lists).toBe(2);
    cache.stop();
  });

  it('catches up at once when asked, without waiting for the poll (a Lambda whose timers were frozen)', async () => {
    const store = new FlakyFlagStore();
    const cache = new FlagCache(store, 60_000, silent);
    await cache.start();
    await cache.catchUp();
    expect(store.lists).toBe(1); // the version had not moved: nothing reloaded
    await flipAuth(store);
    await cache.catchUp();
    expect(cache.current().capabilities.get('auth')?.state).toBe('lambda');
    expect(store.lists).toBe(2);
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

  it('keeps polling through failed polls and catches up once the store answers', async () => {
    const store = new FlakyFlagStore();
    const cache = new FlagCache(store, 5, silent);
    await cache.start();
    store.failing = true;
    const checksBefore = store.versionChecks;
    await expect.poll(() => store.versionChecks, { timeout: 2_000 }).toBeGreaterThanOrEqual(checksBefore + 3);
    await flipAuth(store);
    expect(cache.current().capabilities.get('auth')).toBeUndefined();
    store.failing = false;
    await expect.poll(() => cache.current().capabilities.get('auth')?.state, { timeout: 2_000 }).toBe('lambda');
    cache.stop();
  });

  it('tells listeners the version of each change it applies, until they unsubscribe', async () => {
    const store = new InMemoryFlagStore();
    const cache = new FlagCache(store, 60_000, silent);
    await cache.start();
    const applied: number[] = [];
    const unsubscribe = cache.onApplied((version) => applied.push(version));
    await flipAuth(store);
    await cache.refresh();
    await cache.refresh();
    await flipAuth(store, 1, 'lambda', 'legacy');
    await cache.refresh();
    unsubscribe();
    await flipAuth(store, 2, 'legacy', 'lambda');
    await cache.refresh();
    expect(applied).toEqual([1, 2]);
    expect(cache.current().capabilities.get('auth')).toMatchObject({ state: 'lambda', version: 3 });
    cache.stop();
  });

  it('answers a refresh asked for during a load with a load that sees the changes made before it', async () => {
    const store = new SlowFlagStore();
    const cache = new FlagCache(store, 60_000, silent);
    const staleLoad = cache.refresh();
    await flipAuth(store);
    const burst = [cache.refresh(), cache.refresh(), cache.refresh()];
    store.release();
    await Promise.all([staleLoad, ...burst]);
    expect(cache.current().capabilities.get('auth')?.state).toBe('lambda');
    expect(store.lists).toBe(2);
  });
});
