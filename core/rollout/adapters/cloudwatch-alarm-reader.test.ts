import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchAlarmReader } from './cloudwatch-alarm-reader';

const client = new CloudWatchClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
const cloudWatch = mockClient(client);
const reader = new CloudWatchAlarmReader(client, '24hv-prod-');

beforeEach(() => cloudWatch.reset());

describe('CloudWatchAlarmReader', () => {
  it('asks for the function’s three alarms by name, only those in ALARM', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });

    await reader.firing('auth');

    expect(cloudWatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input)).toEqual([
      { AlarmNames: ['24hv-prod-auth-errors', '24hv-prod-auth-throttles', '24hv-prod-auth-duration-p99'], AlarmTypes: ['MetricAlarm'], StateValue: 'ALARM' },
    ]);
  });

  it('answers the names of the firing alarms', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: '24hv-prod-auth-errors', StateValue: 'ALARM' }] });

    expect(await reader.firing('auth')).toEqual(['24hv-prod-auth-errors']);
  });

  it('answers none when CloudWatch lists none', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({});

    expect(await reader.firing('auth')).toEqual([]);
  });

  it('lets a refusal through (the controller decides what an unreadable alarm means)', async () => {
    cloudWatch.on(DescribeAlarmsCommand).rejects(Object.assign(new Error('User is not authorized to perform: cloudwatch:DescribeAlarms'), { name: 'AccessDenied' }));

    await expect(reader.firing('auth')).rejects.toThrow(/not authorized/);
  });
});
