import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { functionAlarmMetrics, functionAlarmName, type FunctionAlarmReader } from '../function-alarms';

/** Reads a function's alarms from CloudWatch: the names of those in the ALARM state. */
export class CloudWatchAlarmReader implements FunctionAlarmReader {
  constructor(
    private readonly client: CloudWatchClient,
    /** The stage's prefix (`24hv-<stage>-`), the one the alarms were created with. */
    private readonly stagePrefix: string,
  ) {}

  async firing(functionName: string): Promise<string[]> {
    const alarmNames = functionAlarmMetrics.map((metric) => functionAlarmName(this.stagePrefix, functionName, metric));
    const { MetricAlarms = [] } = await this.client.send(new DescribeAlarmsCommand({ AlarmNames: alarmNames, AlarmTypes: ['MetricAlarm'], StateValue: 'ALARM' }));
    return MetricAlarms.flatMap((alarm) => (alarm.AlarmName ? [alarm.AlarmName] : []));
  }
}
