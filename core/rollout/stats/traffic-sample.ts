import { LatencyHistogram } from './latency-histogram';
import type { TrafficObservation } from './traffic-observation';

/** What a target did over some stretch of time. */
export interface TrafficSample {
  requests: number;
  errors: number;
  latency: LatencyHistogram;
  requestBytes: number;
  responseBytes: number;
}

export function emptyTrafficSample(): TrafficSample {
  return { requests: 0, errors: 0, latency: LatencyHistogram.empty(), requestBytes: 0, responseBytes: 0 };
}

/** A 5xx or no answer at all counts against the target; a 4xx is the caller's mistake, not the target's. */
export function isErrorStatus(status: TrafficObservation['status']): boolean {
  return status === 'failed' || status >= 500;
}

/** Counts one request into `sample`. */
export function addRequest(sample: TrafficSample, request: Pick<TrafficObservation, 'status' | 'durationMs' | 'requestBytes' | 'responseBytes'>): void {
  sample.requests += 1;
  if (isErrorStatus(request.status)) sample.errors += 1;
  sample.latency.record(request.durationMs);
  sample.requestBytes += request.requestBytes;
  sample.responseBytes += request.responseBytes;
}

/** Adds `from` into `into`. */
export function mergeSample(into: TrafficSample, from: TrafficSample): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.latency.merge(from.latency);
  into.requestBytes += from.requestBytes;
  into.responseBytes += from.responseBytes;
}
