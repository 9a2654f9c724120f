import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { eventSubscribers } from '../../core/pipeline/event-subscribers';
import { topics } from '../../core/pipeline/topics';
import type { DeployedFunction } from './deployed-functions';
import { legacyMonolithName } from './deployed-functions';
import { jobStateEventPattern } from './job-state-event-pattern';

export interface PipelineWiringProps {
  /** Deployed functions by registry name. */
  readonly functions: ReadonlyMap<string, { readonly definition: DeployedFunction; readonly function: IFunction }>;
  readonly uploadEventsTopicArn: string;
  readonly mediaConvertQueueArn: string;
}

/** The functions that receive asynchronous events (and so get retries and a dead-letter destination). */
export function consumesEvents(definition: DeployedFunction): boolean {
  return Object.values(eventSubscribers).some((subscribers) => subscribers.includes(definition.name)) || definition.scheduleSeconds !== undefined;
}

function scheduleOf(seconds: number): Schedule {
  if (seconds < 60 || seconds % 60 !== 0) throw new Error(`An EventBridge schedule runs every whole minute: scheduleSeconds ${seconds} in extracted-functions/registry.ts must be a multiple of 60`);
  return Schedule.rate(Duration.minutes(seconds / 60));
}

/**
 * The pipeline's events in AWS, to the subscribers core/pipeline/event-subscribers.ts names (the
 * table the local runtime delivers by): uploaded originals through the upload topic, MediaConvert
 * job states through an EventBridge rule, and the schedules of the registry.
 */
export class PipelineWiring extends Construct {
  constructor(scope: Construct, id: string, props: PipelineWiringProps) {
    super(scope, id);
    const subscribersOf = (topic: string) => (eventSubscribers[topic] ?? []).flatMap((name) => props.functions.get(name)?.function ?? []);

    const uploadEvents = Topic.fromTopicArn(this, 'UploadEvents', props.uploadEventsTopicArn);
    for (const fn of subscribersOf(topics.storedObjects)) uploadEvents.addSubscription(new LambdaSubscription(fn));

    const jobStates = new Rule(this, 'JobStates', { description: "MediaConvert job state changes of this stage's queue", eventPattern: jobStateEventPattern(props.mediaConvertQueueArn) });
    for (const fn of subscribersOf(topics.jobStates)) jobStates.addTarget(new LambdaFunction(fn));

    for (const { definition, function: fn } of props.functions.values()) {
      if (definition.scheduleSeconds === undefined) continue;
      new Rule(this, `${definition.name}-schedule`, { description: `Scheduled Event for ${definition.name}`, schedule: scheduleOf(definition.scheduleSeconds) }).addTarget(new LambdaFunction(fn));
    }
    // The monolith as a Lambda has no delivery worker: while it owns notifications, retries of due
    // deliveries happen when it receives the same Scheduled Event the notifications function does.
    // Its reconciler (core/pipeline/reconcile-pipeline.ts) has no event entry: see infra/aws/README.md.
    const monolith = props.functions.get(legacyMonolithName);
    const deliveryRetries = props.functions.get('notifications')?.definition.scheduleSeconds;
    if (monolith && deliveryRetries !== undefined) {
      new Rule(this, `${legacyMonolithName}-schedule`, { description: 'Scheduled Event for the monolith side of notifications', schedule: scheduleOf(deliveryRetries) }).addTarget(new LambdaFunction(monolith.function));
    }
  }
}
