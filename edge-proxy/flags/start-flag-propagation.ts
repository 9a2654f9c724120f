import type { Logger } from 'pino';
import { flagChangeChannel } from '../../core/flags/flag-change-channel';
import type { FlagStore } from '../../core/flags/flag.store';
import { FlagCache } from './flag-cache';
import { PostgresFlagListener, type ReconnectBackoff } from './postgres-flag-listener';
import { subscribePostgresChannel } from './subscribe-postgres-channel';

export interface FlagPropagationOptions {
  store: FlagStore;
  /** The proxy's PostgreSQL URL, whose NOTIFYs push changes; undefined on SQLite, which is polled. */
  databaseUrl: string | undefined;
  /** SQLite: how often the store's version is polled. */
  refreshMs: number;
  /** PostgreSQL: the slow poll that catches a change whose notification was lost. */
  safetyNetMs?: number;
  reconnectBackoff?: ReconnectBackoff;
  logger: Logger;
}

export interface FlagPropagation {
  flagCache: FlagCache;
  close(): Promise<void>;
}

const defaultSafetyNetMs = 5_000;

/**
 * Loads the flags and keeps this instance's copy current: pushed by LISTEN/NOTIFY on PostgreSQL
 * (with a slow poll as a safety net), polled by version on SQLite. Fails if the first load fails.
 */
export async function startFlagPropagation(options: FlagPropagationOptions): Promise<FlagPropagation> {
  const { store, databaseUrl, refreshMs, safetyNetMs = defaultSafetyNetMs, logger } = options;
  if (!databaseUrl) {
    const flagCache = new FlagCache(store, refreshMs, logger);
    await flagCache.start();
    return { flagCache, close: async () => flagCache.stop() };
  }
  const flagCache = new FlagCache(store, safetyNetMs, logger);
  const listener = new PostgresFlagListener({
    subscribe: subscribePostgresChannel(databaseUrl, flagChangeChannel),
    refresh: () => flagCache.refresh(),
    logger,
    backoff: options.reconnectBackoff,
  });
  // Listen before the first load: a change committed in between is then notified, not missed.
  await listener.start();
  try {
    await flagCache.start();
  } catch (error) {
    await listener.close();
    throw error;
  }
  return {
    flagCache,
    close: async () => {
      flagCache.stop();
      await listener.close();
    },
  };
}
