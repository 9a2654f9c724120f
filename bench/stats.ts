/** Nearest-rank percentile. */
export const percentile = (values: readonly number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1))]!;

/** The middle value (upper middle of an even count). */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Lowest and highest of the rounds: how far the machine's noise moved one figure. */
export const spreadOf = (values: readonly number[]): [number, number] => [Math.min(...values), Math.max(...values)];
