import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../clock/clock';
import { createLogger } from '../../logging/create-logger';
import { RouteStatsRecorder } from './route-stats-recorder';
import type { RouteMinuteTotals, RouteStatsStore } from './route-stats.store';
import { anObservation } from './traffic-test-kit';

const at = (time: string) => new Date(`2026-11-23T${time}Z`);
const silent = createLogger('route-stats-recorder-test', 'silent');

/** Keeps every batch written; fails the next `failures` writes; each write waits for `hold`. */
class RecordingStore implements Pick<RouteStatsStore, 'saveMinuteTotals'> {
  readonly batches: RouteMinuteTotals[][] = [];
  failures = 0;
  hold: Promise<void> = Promise.resolve();
  writing = 0;
  mostWritingAtOnce = 0;

  async saveMinuteTotals(rows: readonly RouteMinuteTotals[]): Promise<void> {
    this.writing += 1;
    this.mostWritingAtOnce = Math.max(this.mostWritingAtOnce, this.writing);
    try {
      await this.hold;
      if (this.failures > 0) {
        this.failures -= 1;
        throw new Error('database unavailable');
      }
      this.batches.push([...rows]);
    } finally {
      this.writing -= 1;
    }
  }
}

class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return this.current;
  }
  set(time: Date): void {
    this.current = time;
  }
}

function aRecorder(now = at('10:00:30.000')) {
  const store = new RecordingStore();
  const clock = new ManualClock(now);
  const recorder = new RouteStatsRecorder({ instanceId: 'proxy-a', store: store, logger: silent, clock });
  return { store, clock, recorder };
}

const summary = (rows: readonly RouteMinuteTotals[] | undefined) =>
  (rows ?? []).map((row) => ({ minute: row.minute.toISOString(), routeId: row.routeId, target: row.target, instanceId: row.instanceId, requests: row.sample.requests, errors: row.sample.errors, latencySumMs: row.latencySumMs }));

describe('RouteStatsRecorder', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('feeds the live window the controller reads', () => {
    const { recorder } = aRecorder();

    recorder.record(anObservation({ at: at('10:00:10.000'), status: 502 }));

    expect(recorder.window.sample({ target: 'lambda', capability: 'auth' }, new Date(0), at('10:00:30.000'))).toMatchObject({ requests: 1, errors: 1 });
  });

  it('writes this instance’s totals per minute, route and target', async () => {
    const { recorder, store } = aRecorder(at('10:01:30.000'));
    recorder.record(anObservation({ at: at('10:00:10.000'), durationMs: 10, status: 500 }));
    recorder.record(anObservation({ at: at('10:00:50.000'), durationMs: 30 }));
    recorder.record(anObservation({ at: at('10:00:50.000'), target: 'legacy', durationMs: 5 }));
    recorder.record(anObservation({ at: at('10:01:05.000'), durationMs: 7 }));

    await recorder.flush();

    expect(summary(store.batches[0])).toEqual([
      { minute: '2026-11-23T10:00:00.000Z', routeId: 'auth.me', target: 'lambda', instanceId: 'proxy-a', requests: 2, errors: 1, latencySumMs: 40 },
      { minute: '2026-11-23T10:00:00.000Z', routeId: 'auth.me', target: 'legacy', instanceId: 'proxy-a', requests: 1, errors: 0, latencySumMs: 5 },
      { minute: '2026-11-23T10:01:00.000Z', routeId: 'auth.me', target: 'lambda', instanceId: 'proxy-a', requests: 1, errors: 0, latencySumMs: 7 },
    ]);
    expect(store.batches[0]![0]!.sample).toMatchObject({ requestBytes: 200, responseBytes: 2_000 });
    expect(store.batches[0]![0]!.sample.latency.count).toBe(2);
  });

  it('writes only the minutes touched since the last flush, each with its full running total', async () => {
    const { recorder, store } = aRecorder(at('10:01:30.000'));
    recorder.record(anObservation({ at: at('10:00:10.000') }));
    recorder.record(anObservation({ at: at('10:01:10.000') }));
    await recorder.flush();

    await recorder.flush();
    recorder.record(anObservation({ at: at('10:01:20.000') }));
    await recorder.flush();

    expect(store.batches).toHaveLength(2);
    expect(summary(store.batches[1])).toMatchObject([{ minute: '2026-11-23T10:01:00.000Z', requests: 2 }]);
  });

  it('hands the store a copy, which later requests do not change', async () => {
    const { recorder, store } = aRecorder();
    recorder.record(anObservation());
    await recorder.flush();

    recorder.record(anObservation());

    expect(store.batches[0]![0]!.sample.requests).toBe(1);
    expect(store.batches[0]![0]!.sample.latency.count).toBe(1);
  });

  it('keeps the totals of a failed flush and writes them with the next one', async () => {
    const { recorder, store } = aRecorder();
    recorder.record(anObservation());
    store.failures = 1;

    await expect(recorder.flush()).rejects.toThrow('database unavailable');
    recorder.record(anObservation());
    await recorder.flush();

    expect(summary(store.batches[0])).toMatchObject([{ requests: 2 }]);
  });

  it('drops minutes more than two minutes old once written, and does not restart them from a late request', async () => {
    const { recorder, store, clock } = aRecorder(at('10:00:30.000'));
    recorder.record(anObservation({ at: at('10:00:10.000') }));
    recorder.record(anObservation({ at: at('10:01:10.000') }));
    clock.set(at('10:03:05.000'));
    await recorder.flush();

    recorder.record(anObservation({ at: at('10:00:20.000') }));
    recorder.record(anObservation({ at: at('10:01:20.000') }));
    await recorder.flush();

    // 10:00 was dropped: a fresh total of 1 would overwrite the stored 1 + late 1 with less.
    expect(summary(store.batches[1])).toMatchObject([{ minute: '2026-11-23T10:01:00.000Z', requests: 2 }]);
  });

  it('does not drop a minute whose write failed', async () => {
    const { recorder, store, clock } = aRecorder(at('10:00:30.000'));
    recorder.record(anObservation({ at: at('10:00:10.000') }));
    clock.set(at('10:05:00.000'));
    store.failures = 1;

    await expect(recorder.flush()).rejects.toThrow();
    await recorder.flush();

    expect(summary(store.batches[0])).toMatchObject([{ minute: '2026-11-23T10:00:00.000Z', requests: 1 }]);
  });

  it('runs flushes one after the other, so a slow write is never overtaken by an older total', async () => {
    const { recorder, store } = aRecorder();
    let release = () => {};
    store.hold = new Promise((resolve) => (release = resolve));
    recorder.record(anObservation());
    const first = recorder.flush();
    await vi.waitFor(() => expect(store.writing).toBe(1));

    recorder.record(anObservation());
    const second = recorder.flush();
    release();
    await Promise.all([first, second]);

    expect(store.batches.map((batch) => batch[0]!.sample.requests)).toEqual([1, 2]);
    expect(store.mostWritingAtOnce).toBe(1);
  });

  it('flushes on a timer, retries after a failed tick, and flushes once more on stop', async () => {
    vi.useFakeTimers();
    const { recorder, store } = aRecorder();
    store.failures = 1;
    recorder.record(anObservation());
    recorder.start(1_000);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(summary(store.batches[0])).toMatchObject([{ requests: 1 }]);

    recorder.record(anObservation());
    await recorder.stop();
    expect(summary(store.batches[1])).toMatchObject([{ requests: 2 }]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.batches).toHaveLength(2);
  });

  it.each(['', 'x'.repeat(65)])('refuses an instance id that does not fit the table: %j', (instanceId) => {
    expect(() => new RouteStatsRecorder({ instanceId, store: new RecordingStore(), logger: silent })).toThrow(RangeError);
  });
});
