import type { Logger } from 'pino';
import type { Flag } from '../../core/flags/flag';
import { toFlagSnapshot, sameFlagVersions, type FlagSnapshot } from '../../core/flags/flag-snapshot';
import type { FlagStore } from '../../core/flags/flag.store';
import { coalesceRuns } from './coalesce-runs';

/** Told the version (latest audit id) a newly applied snapshot holds. */
export type FlagsAppliedListener = (version: number) => void;

// Each change stamps its flag with its audit id, so the newest flag's version is the store's version.
const newestVersion = (flags: readonly Flag[]) => flags.reduce((newest, flag) => Math.max(newest, flag.version), 0);

/**
 * The flags every request is routed by, held in memory. A timer polls the store's version and
 * reloads the flags only when it moved; pushes (a NOTIFY, a flip through this instance) call
 * `refresh()`. A failed poll keeps the last known flags: a database hiccup never stops routing.
 */
export class FlagCache {
  private snapshot: FlagSnapshot = toFlagSnapshot([]);
  private version = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly listeners = new Set<FlagsAppliedListener>();
  // One load at a time: two loads racing on a pool could apply an older snapshot over a newer one.
  private readonly reload = coalesceRuns(() => this.load());

  constructor(
    private readonly store: FlagStore,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  /** Loads the flags, then polls the version every `pollMs`; fails if the first load fails. */
  async start(): Promise<void> {
    await this.refresh();
    this.schedulePoll();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The flags as of the last refresh. O(1): no I/O on the request path. */
  current(): FlagSnapshot {
    return this.snapshot;
  }

  /** Calls `listener` each time a changed set of flags is applied; returns the unsubscribe. */
  onApplied(listener: FlagsAppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reloads now (after a flip through this instance or a change notification); bursts coalesce. */
  refresh(): Promise<void> {
    return this.reload();
  }

  /** Applies the store's latest version if it moved: one small query when nothing changed. */
  async catchUp(): Promise<void> {
    if ((await this.store.latestVersion()) === this.version) return;
    await this.reload();
  }

  // setTimeout after each poll rather than setInterval: a slow database never piles polls up.
  private schedulePoll(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.catchUp()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'flag poll failed; keeping the last known flags'))
        .finally(() => this.schedulePoll());
    }, this.pollMs);
    this.timer.unref();
  }

  private async load(): Promise<void> {
    const flags = await this.store.list();
    const next = toFlagSnapshot(flags);
    this.version = newestVersion(flags);
    if (sameFlagVersions(this.snapshot, next)) return;
    this.snapshot = next;
    const states = Object.fromEntries([...next.capabilities.values()].map((flag) => [flag.name, flag.state]));
    this.logger.info({ flags: states, version: this.version }, 'flags applied');
    for (const listener of this.listeners) listener(this.version);
  }
}
