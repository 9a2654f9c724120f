import type { FlagView } from './admin-api.types';

/** A flag's state in a few words: `canary 25% (ramp 5→25→50→100)`, `lambda (reverse shadow)`. */
export function describeFlag(flag: Pick<FlagView, 'state' | 'canaryPercent' | 'reverseShadow' | 'ramp'>): string {
  if (flag.state === 'canary') return `canary ${flag.canaryPercent}%${flag.ramp ? ` (ramp ${flag.ramp.steps.join('→')})` : ''}`;
  if (flag.state === 'lambda' && flag.reverseShadow) return 'lambda (reverse shadow)';
  return flag.state;
}
