import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';

const account = '000000000000';

/** The event an EventBridge schedule rule sends its target, as Lambda receives it. */
export function scheduledEvent(functionName: string, region: string, time: Date): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    // EventBridge reports the time to the second.
    time: `${time.toISOString().slice(0, 19)}Z`,
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/${functionName}-schedule`],
    detail: {},
  };
}
