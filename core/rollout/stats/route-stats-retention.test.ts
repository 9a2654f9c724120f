import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../logging/create-logger';
import { RouteStatsRetention } from './route-stats-retention';

const silent = createLogger('route-stats-retention-test', 'silent');
const now = new Date('2026-11-23T10:00:00Z');

/** A store that records the cutoffs it was asked to delete before, answering `deleted` rows each time. */
function aStore(deleted: () => Promise<number> = async () => 3) {
  const cutoffs: Date[] = [];
  return { cutoffs, deleteMinutesBefore: async (cutoff: Date) => (cutoffs.push(cutoff), deleted()) };
}

describe('route stats retention', () => {
  afterEach(() => vi.useRealTimers());

  it('deletes the minutes older than the retention, counted back from now', async () => {
    const store = aStore();
    const retention = new RouteStatsRetention({ store, retentionDays: 30, clock: { now: () => now }, logger: silent });
    expect(await retention.prune()).toBe(3);
    expect(store.cutoffs).toEqual([new Date('2026-10-24T10:00:00Z')]);
  });

  it('prunes at start and then every period, until stopped', async () => {
    vi.useFakeTimers();
    const store = aStore();
    const retention = new RouteStatsRetention({ store, retentionDays: 7, clock: { now: () => now }, logger: silent });
    retention.start(3_600_000);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(store.cutoffs).toHaveLength(3);
    await retention.stop();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(store.cutoffs).toHaveLength(3);
  });

  it('does not start a run while the last one is still deleting, and waits for it when stopped', async () => {
    vi.useFakeTimers();
    let finish: (rows: number) => void = () => undefined;
    const store = aStore(() => new Promise((resolve) => (finish = resolve)));
    const retention = new RouteStatsRetention({ store, retentionDays: 7, clock: { now: () => now }, logger: silent });
    retention.start(1_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.cutoffs).toHaveLength(1);
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
    const store = aStore(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database is locked');
      return 0;
    });
    const retention = new RouteStatsRetention({ store, retentionDays: 7, clock: { now: () => now }, logger: silent });
    retention.start(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    await retention.stop();
  });
});
