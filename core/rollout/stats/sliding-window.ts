import type { TrafficObservation, TrafficTarget } from './traffic-observation';
import { addRequest, emptyTrafficSample, mergeSample, type TrafficSample } from './traffic-sample';

/** Which traffic a sample adds up: one target, optionally narrowed to a capability or a route. */
export interface TrafficFilter {
  readonly capability?: string;
  readonly routeId?: string;
  readonly target: TrafficTarget;
}

interface Slot {
  /** The epoch second this slot holds; a slot found holding another second is stale. */
  second: number;
  sample: TrafficSample;
}

interface RouteSlots {
  readonly routeId: string;
  readonly capability: string | null;
  readonly target: TrafficTarget;
  readonly slots: (Slot | undefined)[];
}

const toSecond = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * Recent traffic per route and target, in one-second slots over the last `spanSeconds`: a ring
 * per route and target whose slots are reused as time moves on, so memory stays bounded by the
 * number of routes and recording is O(1).
 */
export class SlidingTrafficWindow {
  private readonly routes = new Map<string, RouteSlots>();

  constructor(readonly spanSeconds = 60) {
    if (!Number.isInteger(spanSeconds) || spanSeconds < 1) throw new RangeError(`The window spans a whole number of seconds (at least 1), got ${spanSeconds}`);
  }

  record(observation: TrafficObservation): void {
    const route = this.routeSlots(observation);
    const second = toSecond(observation.at);
    const index = second % this.spanSeconds;
    const slot = route.slots[index];
    if (!slot || slot.second < second) {
      route.slots[index] = { second, sample: emptyTrafficSample() };
    } else if (slot.second > second) {
      return; // Recorded late, after its slot moved on: older than the span, so out of every sample.
    }
    addRequest(route.slots[index]!.sample, observation);
  }

  /**
   * The traffic matching `filter` in the span before `now`, counting only whole seconds from
   * `since` on (traffic before a flip never counts, even at the cost of the flip's own second).
   */
  sample(filter: TrafficFilter, since: Date, now: Date): TrafficSample {
    const last = toSecond(now);
    const first = Math.max(last - this.spanSeconds + 1, Math.ceil(since.getTime() / 1000));
    const total = emptyTrafficSample();
    for (const route of this.routes.values()) {
      if (!matches(route, filter)) continue;
      for (const slot of route.slots) {
        if (slot && slot.second >= first && slot.second <= last) mergeSample(total, slot.sample);
      }
    }
    return total;
  }

  private routeSlots({ routeId, capability, target }: TrafficObservation): RouteSlots {
    const key = `${routeId}|${target}`;
    let route = this.routes.get(key);
    if (!route) {
      route = { routeId, capability, target, slots: new Array<Slot | undefined>(this.spanSeconds) };
      this.routes.set(key, route);
    }
    return route;
  }
}

function matches(route: RouteSlots, filter: TrafficFilter): boolean {
  return (
    route.target === filter.target &&
    (filter.routeId === undefined || route.routeId === filter.routeId) &&
    (filter.capability === undefined || route.capability === filter.capability)
  );
}
