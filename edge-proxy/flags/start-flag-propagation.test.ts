import { describe, expect, it } from 'vitest';
import { InMemoryFlagStore } from '../../core/flags/adapters/in-memory-flag.store';
import type { Flag } from '../../core/flags/flag';
import { stateChange } from '../../core/flags/flag-test-kit';
import { createLogger } from '../../core/logging/create-logger';
import { startFlagPropagation } from './start-flag-propagation';

const silent = createLogger('test', 'silent');
// Nothing listens on port 1 of the loopback: connections are refused at once.
const unreachableDatabaseUrl = 'postgres://postgres@127.0.0.1:1/none';
const flipAuth = (store: InMemoryFlagStore) =>
  store.change(stateChange({ scope: 'capability', name: 'auth', fromState: 'legacy', toState: 'lambda', reason: 'r', actor: 'a', expectedVersion: 0, at: new Date() }));

describe('startFlagPropagation', () => {
  it('polls the store version when there is no PostgreSQL to listen to', async () => {
    const store = new InMemoryFlagStore();
    const propagation = await startFlagPropagation({ store, databaseUrl: undefined, refreshMs: 10, logger: silent });
    await flipAuth(store);
    await expect.poll(() => propagation.flagCache.current().capabilities.get('auth')?.state, { timeout: 2_000 }).toBe('lambda');
    await propagation.close();
  });

  it('starts when it cannot listen, and its safety-net poll still applies changes', async () => {
    const store = new InMemoryFlagStore();
    const propagation = await startFlagPropagation({ store, databaseUrl: unreachableDatabaseUrl, refreshMs: 60_000, safetyNetMs: 10, logger: silent });
    await flipAuth(store);
    await expect.poll(() => propagation.flagCache.current().capabilities.get('auth')?.state, { timeout: 2_000 }).toBe('lambda');
    await propagation.close();
  });

  it('fails when the first load fails', async () => {
    const store = new (class extends InMemoryFlagStore {
      override async list(): Promise<Flag[]> {
        throw new Error('database unreachable');
      }
    })();
    await expect(startFlagPropagation({ store, databaseUrl: unreachableDatabaseUrl, refreshMs: 10, logger: silent })).rejects.toThrow('database unreachable');
    await expect(startFlagPropagation({ store, databaseUrl: undefined, refreshMs: 10, logger: silent })).rejects.toThrow('database unreachable');
  });
});
