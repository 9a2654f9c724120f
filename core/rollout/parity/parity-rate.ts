import type { ParityTotals } from './parity.store';

/** The share of compared responses that matched; null when nothing was compared (no evidence either way). */
export function parityRate(counts: Pick<ParityTotals, 'compared' | 'matched'>): { rate: number | null; sample: number } {
  return { rate: counts.compared > 0 ? counts.matched / counts.compared : null, sample: counts.compared };
}
