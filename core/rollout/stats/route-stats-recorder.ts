import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../clock/clock';
import type { RouteMinuteTotals, RouteStatsStore } from './route-stats.store';
import { SlidingTrafficWindow } from './sliding-window';
import type { TrafficObservation, TrafficTarget } from './traffic-observation';
import { addRequest, emptyTrafficSample, mergeSample, type TrafficSample } from './traffic-sample';

export interface RouteStatsRecorderDeps {
  /** This proxy instance, unique among those running (e.g. hostname, pid and a random part); at most 64 characters. */
  readonly instanceId: string;
  // Only writes: reading back is for dashboards.
  readonly store: Pick<RouteStatsStore, 'saveMinuteTotals'>;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Span of the live window; 60 s without it. */
  readonly windowSpanSeconds?: number;
}

interface MinuteTotals {
  readonly minute: Date;
  readonly routeId: string;
  readonly target: TrafficTarget;
  readonly sample: TrafficSample;
  latencySumMs: number;
  /** Changed since it was last written. */
  dirty: boolean;
}

const minuteMs = 60_000;
const maxInstanceIdLength = 64; // route_stats.instance_id
// Minutes kept in memory after they are written: a request recorded a little after its minute
// ended still lands in its minute's running total instead of starting a smaller one over it.
const keptMinutes = 2;

const startOfMinute = (at: Date) => Math.floor(at.getTime() / minuteMs) * minuteMs;

function snapshotOf(totals: MinuteTotals, instanceId: string): RouteMinuteTotals {
  const sample = emptyTrafficSample();
  mergeSample(sample, totals.sample);
  return { minute: totals.minute, routeId: totals.routeId, target: totals.target, instanceId, sample, latencySumMs: totals.latencySumMs };
}

/**
 * What the proxy tells about every request it served: feeds the live window the rollback
 * controller judges, and this instance's per-minute totals, written through the store.
 */
export class RouteStatsRecorder {
  /** The last seconds of traffic, for the health verdict. */
  readonly window: SlidingTrafficWindow;
  private readonly clock: Clock;
  private readonly minutes = new Map<string, MinuteTotals>();
  /** Minutes before this were written and dropped: a late request no longer counts in them. */
  private droppedBefore = Number.NEGATIVE_INFINITY;
  private lastFlush: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: RouteStatsRecorderDeps) {
    if (!deps.instanceId || deps.instanceId.length > maxInstanceIdLength) {
      throw new RangeError(`An instance id has 1 to ${maxInstanceIdLength} characters, got '${deps.instanceId}'`);
    }
    this.clock = deps.clock ?? systemClock;
    this.window = new SlidingTrafficWindow(deps.windowSpanSeconds);
  }

  record(observation: TrafficObservation): void {
    this.window.record(observation);
    const minute = startOfMinute(observation.at);
    const key = `${minute}|${observation.routeId}|${observation.target}`;
    let totals = this.minutes.get(key);
    if (!totals) {
      // A fresh total for a minute already written would overwrite the full one with a part of it.
      if (minute < this.droppedBefore) return;
      totals = { minute: new Date(minute), routeId: observation.routeId, target: observation.target, sample: emptyTrafficSample(), latencySumMs: 0, dirty: false };
      this.minutes.set(key, totals);
    }
    addRequest(totals.sample, observation);
    totals.latencySumMs += observation.durationMs;
    totals.dirty = true;
  }

  /**
   * Writes the running totals of every minute touched since the last flush. Flushes run one after
   * the other; a failed one rejects and leaves its minutes to the next.
   */
  flush(): Promise<void> {
    const flush = this.lastFlush.then(() => this.writeChangedMinutes());
    // The next flush waits for this one, not for its success.
    this.lastFlush = flush.catch(() => undefined);
    return flush;
  }

  /** Flushes every `flushMs` until stopped; a failed flush is logged and retried at the next tick. */
  start(flushMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch((error: unknown) => this.deps.logger.error({ err: error }, 'route stats flush failed; retrying at the next tick'));
    }, flushMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left; rejects when that last write fails. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writeChangedMinutes(): Promise<void> {
    const changed = [...this.minutes.values()].filter((totals) => totals.dirty);
    if (changed.length > 0) {
      const rows = changed.map((totals) => snapshotOf(totals, this.deps.instanceId));
      changed.forEach((totals) => (totals.dirty = false));
      try {
        await this.deps.store.saveMinuteTotals(rows);
      } catch (error) {
        changed.forEach((totals) => (totals.dirty = true));
        throw error;
      }
    }
    this.dropOldMinutes();
  }

  private dropOldMinutes(): void {
    const cutoff = startOfMinute(this.clock.now()) - keptMinutes * minuteMs;
    for (const [key, totals] of this.minutes) {
      if (totals.minute.getTime() < cutoff && !totals.dirty) this.minutes.delete(key);
    }
    this.droppedBefore = Math.max(this.droppedBefore, cutoff);
  }
}
