import type { TrafficObservation } from './traffic-observation';
import { addRequest, emptyTrafficSample, type TrafficSample } from './traffic-sample';

/** A successful 10 ms Lambda request to auth.me at 10:00:00 UTC, changed by `overrides`. */
export function anObservation(overrides: Partial<TrafficObservation> = {}): TrafficObservation {
  return {
    routeId: 'auth.me',
    capability: 'auth',
    target: 'lambda',
    status: 200,
    durationMs: 10,
    requestBytes: 100,
    responseBytes: 1_000,
    at: new Date('2026-11-23T10:00:00.000Z'),
    ...overrides,
  };
}

/** A sample of `requests` requests taking `latencyMs` each, the first `errors` of them answering 500. */
export function aSample({ requests, errors = 0, latencyMs = 10 }: { requests: number; errors?: number; latencyMs?: number }): TrafficSample {
  const sample = emptyTrafficSample();
  for (let index = 0; index < requests; index += 1) {
    addRequest(sample, { status: index < errors ? 500 : 200, durationMs: latencyMs, requestBytes: 0, responseBytes: 0 });
  }
  return sample;
}
