import type { PartName } from './bench-settings';

/** A target's judgement of one figure. */
export interface Verdict {
  readonly target: string;
  readonly measured: number;
  readonly pass: boolean;
}

/** One printed row: a measured thing, its figures (medians of rounds) and their spreads. */
export interface BenchRow {
  readonly part: PartName;
  readonly name: string;
  /** Column name (with its unit) to value. */
  readonly figures: Record<string, number>;
  /** Column name to [min, max] over the rounds, for the figures that have one. */
  readonly spread?: Record<string, [number, number]>;
  readonly verdicts?: readonly Verdict[];
}
