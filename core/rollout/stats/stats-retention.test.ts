import { afterEach, describe, expect, it, vi } from 'vitest';
import { capturingLogger } from '../../logging/logging-test-kit';
import { createLogger } from '../../logging/create-logger';
import { StatsRetention } from './stats-retention';

const silent = createLogger('stats-retention-test', 'silent');
const now = new Date('2026-11-23T10:00:00Z');

/** A table that records the cutoffs it was asked to delete before, answering `deleted` rows each time. */
function aTable(deleted: () => Promise<number> = async () => 3) {
  const cutoffs: Date[] = [];
  return { cutoffs, deleteMinutesBefore: async (cutoff: Date) => (cutoffs.push(cutoff), deleted()) };
}

describe('stats retention', () => {
  afterEach(() => vi.useRealTimers());

  it('deletes the minutes older than the retention, counted back from now, in every table', async () => {
    const routeStats = aTable(async () => 3);
    const parityStats = aTable(async () => 2);
    const retention = new StatsRetention({ tables: { route_stats: routeStats, parity_stats: parityStats }, retentionDays: 30, clock: { now: () => now }, logger: silent });
    expect(await retention.prune()).toBe(5);
    expect(routeStats.cutoffs).toEqual([new Date('2026-10-24T10:00:00Z')]);
    expect(parityStats.cutoffs).toEqual([new Date('2026-10-24T10:00:00Z')]);
  });

  it('prunes the other tables when one fails, and says which failed', async () => {
    const { logger, lines } = capturingLogger('stats-retention-test');
    const parityStats = aTable(async () => 2);
    const tables = { route_stats: aTable(() => Promise.reject(new Error('database is locked'))), parity_stats: parityStats };
    const retention = new StatsRetention({ tables, retentionDays: 7, clock: { now: () => now }, logger });
    expect(await retention.prune()).toBe(2);
    expect(parityStats.cutoffs).toHaveLength(1);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, table: 'route_stats', msg: 'route_stats retention failed; trying again at the next run' }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 30, table: 'parity_stats', deleted: 2, msg: 'deleted parity_stats rows past their retention' }));
  });

  it('prunes at start and then every period, until stopped', async () => {
    vi.useFakeTimers();
    const table = aTable();
    const retention = new StatsRetention({ tables: { route_stats: table }, retentionDays: 7, clock: { now: () => now }, logger: silent });
    retention.start(3_600_000);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(table.cutoffs).toHaveLength(3);
    await retention.stop();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(table.cutoffs).toHaveLength(3);
  });

  it('does not start a run while the last one is still deleting, and waits for it when stopped', async () => {
    vi.useFakeTimers();
    let finish: (rows: number) => void = () => undefined;
    const table = aTable(() => new Promise((resolve) => (finish = resolve)));
    const retention = new StatsRetention({ tables: { route_stats: table }, retentionDays: 7, clock: { now: () => now }, logger: silent });
    retention.start(1_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(table.cutoffs).toHaveLength(1);
    let stopped = false;
    const stopping = retention.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish(10);
    await stopping;
    expect(stopped).toBe(true);
  });

  it('keeps running after a failed run: the next one tries again', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const table = aTable(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database is locked');
      return 0;
    });
    const retention = new StatsRetention({ tables: { route_stats: table }, retentionDays: 7, clock: { now: () => now }, logger: silent });
    retention.start(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    await retention.stop();
  });
});
