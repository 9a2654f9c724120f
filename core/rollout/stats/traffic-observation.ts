/** Where the proxy sent a request. */
const trafficTargets = ['legacy', 'lambda'] as const;

export type TrafficTarget = (typeof trafficTargets)[number];

/** Narrows a stored string to a target this code knows. */
export function isTrafficTarget(value: string): value is TrafficTarget {
  return (trafficTargets as readonly string[]).includes(value);
}

/** One request as the proxy saw it, once it ended. */
export interface TrafficObservation {
  readonly routeId: string;
  /** The route's capability; null for platform routes (health). */
  readonly capability: string | null;
  readonly target: TrafficTarget;
  /** The status the target answered, or 'failed' when it gave no answer (timeout, throttle, connection lost). */
  readonly status: number | 'failed';
  readonly durationMs: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly at: Date;
}
