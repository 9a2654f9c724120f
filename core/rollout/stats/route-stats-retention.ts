import type { Logger } from 'pino';
import type { Clock } from '../../clock/clock';
import type { RouteStatsStore } from './route-stats.store';

const dayMs = 86_400_000;

export interface RouteStatsRetentionDeps {
  readonly store: Pick<RouteStatsStore, 'deleteMinutesBefore'>;
  /** Days of per-minute traffic kept; older minutes are deleted. */
  readonly retentionDays: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Keeps route_stats from growing without bound (a row per minute, route, target and proxy
 * instance): each instance deletes the minutes past the retention when it starts, then
 * periodically. Instances pruning at once only find less to delete.
 */
export class RouteStatsRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: RouteStatsRetentionDeps) {}

  /** Deletes the minutes past the retention now; the number of rows deleted. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - this.deps.retentionDays * dayMs);
    const deleted = await this.deps.store.deleteMinutesBefore(cutoff);
    if (deleted > 0) this.deps.logger.info({ deleted, before: cutoff.toISOString() }, 'deleted route stats past their retention');
    return deleted;
  }

  /** Prunes now, then every `everyMs`; a run still going when the next is due is not doubled. */
  start(everyMs: number): void {
    const run = () => {
      if (this.running) return;
      this.running = this.prune()
        .then(
          () => undefined,
          (error: unknown) => this.deps.logger.warn({ err: error }, 'route stats retention failed; trying again at the next run'),
        )
        .finally(() => (this.running = undefined));
    };
    run();
    this.timer = setInterval(run, everyMs);
    this.timer.unref();
  }

  /** Stops the runs, once the one under way (if any) has finished. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
