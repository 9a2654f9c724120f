import type { ParityDifference } from './compare-responses';
import type { StoredResponse } from './stored-response';

/** What one proxy instance saw of one route in one minute, to add to the totals. */
export interface ParityCounts {
  readonly minute: Date;
  readonly routeId: string;
  readonly instanceId: string;
  readonly compared: number;
  readonly matched: number;
  /** Mirrors not sent because the shadow queue was full. */
  readonly dropped: number;
}

export interface ParityTotals {
  readonly compared: number;
  readonly matched: number;
  readonly dropped: number;
}

/** A comparison that found differences, kept with both responses for engineers to inspect. */
export interface ParityMismatch {
  readonly id: string;
  readonly routeId: string;
  readonly observedAt: Date;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly differences: readonly ParityDifference[];
  readonly primary: StoredResponse;
  readonly shadow: StoredResponse;
}

/** Shadow parity: running counts per route and minute, and the latest mismatches of each route. */
export interface ParityStore {
  /** Adds to the totals (never overwrites), all of the counts or none, safe beside other writers. */
  addCounts(counts: readonly ParityCounts[]): Promise<void>;
  /** Totals per route, over every instance and every minute from `since` on. */
  parityByRoute(since: Date): Promise<Map<string, ParityTotals>>;
  /** Deletes the counts of every minute before `cutoff` (retention); the number of rows deleted. */
  deleteMinutesBefore(cutoff: Date): Promise<number>;
  /** Keeps a mismatch; the route's oldest beyond the most recent few are let go. */
  recordMismatch(mismatch: Omit<ParityMismatch, 'id'>): Promise<ParityMismatch>;
  /** Newest first; of every route when `routeId` is undefined. */
  listMismatches(routeId: string | undefined, limit: number): Promise<ParityMismatch[]>;
  getMismatch(id: string): Promise<ParityMismatch | undefined>;
}
