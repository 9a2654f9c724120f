import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { FunctionAlarmMetric } from '../../core/rollout/function-alarms';

export interface FunctionAlarmsProps {
  readonly function: IFunction;
  readonly timeoutSeconds: number;
  /** `<stage prefix><function>-<metric>`: a fixed name, so the automatic rollback can look alarms up by function. */
  readonly alarmName: (metric: FunctionAlarmMetric) => string;
}

// One-minute periods, 3 bad minutes out of 5: quick enough for a rollback, deaf to one stray failure.
const period = Duration.minutes(1);
const evaluation = { evaluationPeriods: 5, datapointsToAlarm: 3, treatMissingData: TreatMissingData.NOT_BREACHING } as const;

/** Errors, throttles and p99 duration near the timeout of one function. */
export class FunctionAlarms extends Construct {
  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    const fn = props.function;
    const alarm = (metric: FunctionAlarmMetric, source: IMetric, threshold: number, description: string) =>
      new Alarm(this, metric, {
        alarmName: props.alarmName(metric),
        alarmDescription: description,
        metric: source,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        ...evaluation,
      });
    alarm('errors', fn.metricErrors({ period, statistic: 'Sum' }), 1, 'The function failed (threw, timed out or crashed) in 3 of the last 5 minutes');
    alarm('throttles', fn.metricThrottles({ period, statistic: 'Sum' }), 1, 'Invocations were refused beyond the reserved concurrency in 3 of the last 5 minutes');
    // 80 % of the timeout: the slowest calls are about to become timeouts (502/504 for customers).
    const nearTimeoutMs = Math.round(props.timeoutSeconds * 1000 * 0.8);
    alarm('duration-p99', fn.metricDuration({ period, statistic: 'p99' }), nearTimeoutMs, `p99 duration reached ${nearTimeoutMs} ms, 80 % of the timeout, in 3 of the last 5 minutes`);
  }
}
