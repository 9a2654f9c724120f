import type { Logger } from 'pino';
import { toFlagSnapshot, sameFlagVersions, type FlagSnapshot } from '../../core/flags/flag-snapshot';
import type { FlagStore } from '../../core/flags/flag.store';

/**
 * The flags every request is routed by, held in memory and refreshed by polling the store.
 * A failed poll keeps the last known flags: a database hiccup never stops routing.
 */
export class FlagCache {
  private snapshot: FlagSnapshot = toFlagSnapshot([]);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: FlagStore,
    private readonly refreshMs: number,
    private readonly logger: Logger,
  ) {}

  /** Loads the flags, then keeps them fresh; fails if the first load fails. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'flag refresh failed; keeping the last known flags'));
    }, this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The flags as of the last refresh. O(1): no I/O on the request path. */
  current(): FlagSnapshot {
    return this.snapshot;
  }

  /** Reloads now (after a flip through this instance, so its next request already sees it). */
  async refresh(): Promise<void> {
    const next = toFlagSnapshot(await this.store.list());
    if (sameFlagVersions(this.snapshot, next)) return;
    this.snapshot = next;
    const states = Object.fromEntries([...next.capabilities.values()].map((flag) => [flag.name, flag.state]));
    this.logger.info({ flags: states }, 'flags applied');
  }
}
