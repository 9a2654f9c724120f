import { legacySetting, type Flag, type FlagSetting } from '../../core/flags/flag';
import { nextRampStep } from '../../core/flags/ramp-plan';
import type { HealthVerdict } from '../../core/rollout/stats/health-verdict';

/** What the controller does with a flag after judging its Lambda. */
export type RolloutDecision =
  | { readonly action: 'hold'; readonly why: string }
  | { readonly action: 'rollback'; readonly to: FlagSetting; readonly reason: string }
  | { readonly action: 'advance'; readonly to: FlagSetting; readonly reason: string };

const reasonsOf = (verdict: HealthVerdict) => verdict.reasons.join('; ');

/**
 * Judges one flag: an unhealthy Lambda goes back to legacy at once; a ramp moves one step once it
 * has held its share long enough with a healthy verdict; too little traffic never counts as
 * healthy (the ramp waits).
 */
export function decideRollout(flag: Flag, verdict: HealthVerdict, now: Date): RolloutDecision {
  if (verdict.status === 'unhealthy') return { action: 'rollback', to: legacySetting, reason: `automatic rollback: ${reasonsOf(verdict)}` };
  if (flag.state !== 'canary' || !flag.ramp) return { action: 'hold', why: 'no ramp' };
  if (verdict.status === 'inconclusive') return { action: 'hold', why: `inconclusive: ${reasonsOf(verdict)}` };
  const heldMs = now.getTime() - (flag.updatedAt?.getTime() ?? now.getTime());
  if (heldMs < flag.ramp.holdSeconds * 1000) return { action: 'hold', why: `holding ${flag.canaryPercent}% for ${flag.ramp.holdSeconds} s` };
  const next = nextRampStep(flag.ramp);
  if (next === undefined || next >= 100) {
    return { action: 'advance', to: { state: 'lambda', canaryPercent: 0, reverseShadow: false, ramp: null }, reason: `ramp complete after ${flag.canaryPercent}%: ${reasonsOf(verdict)}` };
  }
  return {
    action: 'advance',
    to: { state: 'canary', canaryPercent: next, reverseShadow: false, ramp: { ...flag.ramp, stepIndex: flag.ramp.stepIndex + 1 } },
    reason: `ramp ${flag.canaryPercent}% → ${next}%: ${reasonsOf(verdict)}`,
  };
}
