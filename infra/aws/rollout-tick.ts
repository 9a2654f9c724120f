import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * The rollout controller's tick in AWS: a Lambda's timers stand still between invocations, so
 * EventBridge sends the edge proxy a Scheduled Event every minute (edge-proxy/edge-proxy.lambda.ts).
 * A failed tick is not retried: the next one comes a minute later with fresher alarms.
 */
export class RolloutTick extends Construct {
  constructor(scope: Construct, id: string, edgeProxy: IFunction) {
    super(scope, id);
    const schedule = new Rule(this, 'Schedule', { description: "The edge proxy's rollout controller judges canary and lambda flags", schedule: Schedule.rate(Duration.minutes(1)) });
    schedule.addTarget(new LambdaFunction(edgeProxy));
    // Its only asynchronous invocations are these ticks (API Gateway invokes it synchronously).
    edgeProxy.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });
  }
}
