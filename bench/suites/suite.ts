import type { BenchRow } from '../bench-row';
import type { BenchSettings } from '../bench-settings';

/** What one part of the benchmark hands back: its printed rows and the raw figures for the JSON file. */
export interface SuiteResult {
  readonly rows: BenchRow[];
  readonly details: unknown;
}

export type Suite = (settings: BenchSettings) => Promise<SuiteResult>;
