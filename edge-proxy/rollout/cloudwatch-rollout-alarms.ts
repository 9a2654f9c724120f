import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchAlarmReader } from '../../core/rollout/adapters/cloudwatch-alarm-reader';
import type { RouteDefinition } from '../routing/route-table';
import { functionsOfFlag } from './flag-functions';
import type { RolloutControllerDeps } from './rollout-controller';

/** The functions' CloudWatch alarms for the rollout controller, when the stage that made them is named. */
export function cloudWatchRolloutAlarms(stagePrefix: string | undefined, region: string, routes: readonly RouteDefinition[]): RolloutControllerDeps['alarms'] {
  if (stagePrefix === undefined) return undefined;
  return { reader: new CloudWatchAlarmReader(new CloudWatchClient({ region }), stagePrefix), functionsOf: (flag) => functionsOfFlag(flag, routes) };
}
