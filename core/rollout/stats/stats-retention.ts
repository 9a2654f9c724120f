import type { Logger } from 'pino';
import type { Clock } from '../../clock/clock';

const dayMs = 86_400_000;

/** A table with a row per minute (and route, instance...) whose old minutes can go. */
export interface MinuteRows {
  deleteMinutesBefore(cutoff: Date): Promise<number>;
}

export interface StatsRetentionDeps {
  /** The tables pruned, by name (for the logs): route_stats, parity_stats. */
  readonly tables: Readonly<Record<string, MinuteRows>>;
  /** Days of per-minute rows kept; older minutes are deleted. */
  readonly retentionDays: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Keeps the per-minute stats tables from growing without bound (a row per minute, route and
 * proxy instance, per target in route_stats): each instance deletes the minutes past the
 * retention when it starts, then periodically. Instances pruning at once only find less to
 * delete; a table that fails is tried again at the next run, the others are pruned regardless.
 */
export class StatsRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: StatsRetentionDeps) {}

  /** Deletes the minutes past the retention now, table by table; the number of rows deleted. */
  async prune(): Promise<number> {
    const { tables, retentionDays, clock, logger } = this.deps;
    const cutoff = new Date(clock.now().getTime() - retentionDays * dayMs);
    let total = 0;
    for (const [table, rows] of Object.entries(tables)) {
      try {
        const deleted = await rows.deleteMinutesBefore(cutoff);
        if (deleted > 0) logger.info({ table, deleted, before: cutoff.toISOString() }, `deleted ${table} rows past their retention`);
        total += deleted;
      } catch (error) {
        logger.warn({ err: error, table }, `${table} retention failed; trying again at the next run`);
      }
    }
    return total;
  }

  /** Prunes now, then every `everyMs`; a run still going when the next is due is not doubled. */
  start(everyMs: number): void {
    const run = () => {
      if (this.running) return;
      this.running = this.prune()
        .then(() => undefined)
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
