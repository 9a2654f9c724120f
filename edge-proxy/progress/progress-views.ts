import type { FlagChange } from '../../core/flags/flag';
import type { TargetCounts } from '../../core/rollout/progress/lambda-share';
import { lambdaShare } from '../../core/rollout/progress/lambda-share';
import type { LambdaShareView, LastChangeView } from '../cli/admin-api.types';

/** An audit entry as the progress answer shows a last flip or rollback. */
export function toLastChangeView(change: FlagChange | null): LastChangeView | null {
  if (!change) return null;
  return { at: change.changedAt.toISOString(), actor: change.actor, from: change.fromState, to: change.toState, toPercent: change.toPercent, reason: change.reason };
}

/** Traffic counts of the last hour, day and week of some routes. */
export interface CountsOverPeriods {
  readonly lastHour: TargetCounts;
  readonly lastDay: TargetCounts;
  readonly lastWeek: TargetCounts;
}

export function toLambdaShareView(counts: CountsOverPeriods): LambdaShareView {
  return { lastHour: lambdaShare(counts.lastHour), lastDay: lambdaShare(counts.lastDay), lastWeek: lambdaShare(counts.lastWeek) };
}
