import type { ParityTotals } from '../parity/parity.store';
import { parityRate } from '../parity/parity-rate';

/**
 * The parity that vouches for a route: its own comparisons, or for a write never sent twice the
 * comparisons of the reads that show its effect (`parityFrom`), added up.
 */
export function vouchingParity(totals: ReadonlyMap<string, ParityTotals>, parityFrom: readonly string[]): { rate: number | null; sample: number } {
  let compared = 0;
  let matched = 0;
  for (const routeId of parityFrom) {
    compared += totals.get(routeId)?.compared ?? 0;
    matched += totals.get(routeId)?.matched ?? 0;
  }
  return parityRate({ compared, matched });
}
