import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../clock/clock';
import { ParityRecorder } from './parity-recorder';
import type { ParityCounts, ParityStore } from './parity.store';

/** Keeps every batch it is given; fails the next `failures` writes. */
class FakeCountsStore implements Pick<ParityStore, 'addCounts'> {
  readonly batches: ParityCounts[][] = [];
  failures = 0;

  async addCounts(counts: readonly ParityCounts[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('database unavailable');
    }
    this.batches.push(counts.map((entry) => ({ ...entry })));
  }

  /** Totals per minute and route over every batch written. */
  totals(): Record<string, { compared: number; matched: number; dropped: number }> {
    const totals: Record<string, { compared: number; matched: number; dropped: number }> = {};
    for (const entry of this.batches.flat()) {
      const key = `${entry.minute.toISOString()} ${entry.routeId}`;
      const total = (totals[key] ??= { compared: 0, matched: 0, dropped: 0 });
      total.compared += entry.compared;
      total.matched += entry.matched;
      total.dropped += entry.dropped;
    }
    return totals;
  }
}

const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

describe('ParityRecorder', () => {
  let store: FakeCountsStore;
  let flushErrors: unknown[];
  const recorder = (clock: Clock = fixedClock('2026-11-23T10:00:30.000Z')) =>
    new ParityRecorder(store, { instanceId: 'proxy-a', flushMs: 1_000, clock, onFlushError: (error) => flushErrors.push(error) });

  beforeEach(() => {
    store = new FakeCountsStore();
    flushErrors = [];
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('adds up comparisons and drops per route and minute, and writes them in one batch', async () => {
    const parity = recorder();
    parity.recordComparison('auth.me', true, new Date('2026-11-23T10:00:01.000Z'));
    parity.recordComparison('auth.me', false, new Date('2026-11-23T10:00:59.999Z'));
    parity.recordComparison('auth.me', true, new Date('2026-11-23T10:01:00.000Z'));
    parity.recordDrop('auth.me', new Date('2026-11-23T10:00:10.000Z'));
    parity.recordDrop('transcoding.job', new Date('2026-11-23T10:00:10.000Z'));
    await parity.flush();
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]).toEqual(
      expect.arrayContaining([
        { minute: new Date('2026-11-23T10:00:00.000Z'), routeId: 'auth.me', instanceId: 'proxy-a', compared: 2, matched: 1, dropped: 1 },
        { minute: new Date('2026-11-23T10:01:00.000Z'), routeId: 'auth.me', instanceId: 'proxy-a', compared: 1, matched: 1, dropped: 0 },
        { minute: new Date('2026-11-23T10:00:00.000Z'), routeId: 'transcoding.job', instanceId: 'proxy-a', compared: 0, matched: 0, dropped: 1 },
      ]),
    );
    expect(store.batches[0]).toHaveLength(3);
  });

  it('takes the time from its clock when none is given', async () => {
    const parity = recorder(fixedClock('2026-11-23T10:07:45.000Z'));
    parity.recordComparison('auth.me', true);
    await parity.flush();
    expect(store.batches[0]?.[0]?.minute).toEqual(new Date('2026-11-23T10:07:00.000Z'));
  });

  it('writes nothing when nothing happened, and nothing twice', async () => {
    const parity = recorder();
    await parity.flush();
    parity.recordComparison('auth.me', true);
    await parity.flush();
    await parity.flush();
    expect(store.batches).toHaveLength(1);
  });

  it('keeps the counts of a failed write and writes them with the next, exactly once', async () => {
    const parity = recorder();
    parity.recordComparison('auth.me', true);
    store.failures = 1;
    await expect(parity.flush()).rejects.toThrow('database unavailable');
    parity.recordComparison('auth.me', false);
    await parity.flush();
    await parity.flush();
    expect(store.totals()).toEqual({ '2026-11-23T10:00:00.000Z auth.me': { compared: 2, matched: 1, dropped: 0 } });
  });

  it('counts what arrives while a write is under way in the next write', async () => {
    const parity = recorder();
    parity.recordComparison('auth.me', true);
    const first = parity.flush();
    parity.recordComparison('auth.me', true);
    await first;
    await parity.flush();
    expect(store.totals()['2026-11-23T10:00:00.000Z auth.me']?.compared).toBe(2);
  });

  it('flushes every interval once started, reports a failed timed flush, and flushes on stop', async () => {
    vi.useFakeTimers();
    const parity = recorder();
    parity.start();
    parity.recordComparison('auth.me', true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.batches).toHaveLength(1);
    store.failures = 1;
    parity.recordComparison('auth.me', false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(flushErrors).toHaveLength(1);
    parity.recordDrop('auth.me');
    await parity.stop();
    expect(store.totals()).toEqual({ '2026-11-23T10:00:00.000Z auth.me': { compared: 2, matched: 1, dropped: 1 } });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.batches).toHaveLength(2);
  });
});
