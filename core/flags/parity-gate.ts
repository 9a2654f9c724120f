import type { RolloutPolicy } from '../rollout/rollout-policy';

/** Shadow parity of one route over the policy's window. */
export interface RouteParity {
  /** Share of compared responses that matched; null when none were compared. */
  readonly rate: number | null;
  readonly sample: number;
}

export type ParityByRoute = Readonly<Record<string, RouteParity>>;

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/**
 * Why the gate refuses to serve customers from the Lambda: one sentence per route whose shadow
 * parity is below the threshold or measured on too few requests. Empty when the gate opens.
 */
export function parityGateRefusals(routeIds: readonly string[], parity: ParityByRoute, policy: Pick<RolloutPolicy, 'parityThreshold' | 'parityMinSample'>): string[] {
  const needs = `needs ${percent(policy.parityThreshold)} over at least ${policy.parityMinSample}`;
  return routeIds.flatMap((routeId) => {
    const { rate, sample } = parity[routeId] ?? { rate: null, sample: 0 };
    if (sample < policy.parityMinSample || rate === null) return [`${routeId}: ${sample} shadow comparisons (${needs})`];
    if (rate < policy.parityThreshold) return [`${routeId}: parity ${percent(rate)} over ${sample} (${needs})`];
    return [];
  });
}
