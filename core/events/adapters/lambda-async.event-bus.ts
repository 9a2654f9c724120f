import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { EventPublisher } from '../event-bus';
import { invokeAsync } from './invoke-async';

export interface LambdaAsyncEventBusOptions {
  client: LambdaClient;
  /** The functions each topic is delivered to. */
  subscribers: Readonly<Record<string, readonly string[]>>;
}

/**
 * Delivers every event to each function subscribed to its topic by asynchronous invocation
 * (InvocationType Event), as S3 notifications, SNS and EventBridge invoke Lambdas: the invoke
 * returns once Lambda queued the event; Lambda retries a failing function twice and then records
 * the event in its on-failure destination.
 */
export class LambdaAsyncEventBus implements EventPublisher {
  constructor(private readonly options: LambdaAsyncEventBusOptions) {}

  async publish(topic: string, event: unknown): Promise<void> {
    const json = JSON.stringify(event) as string | undefined;
    if (json === undefined) throw new TypeError(`An event must be JSON-serializable: '${topic}' got ${typeof event}`);
    const payload = Buffer.from(json);
    const functions = this.options.subscribers[topic] ?? [];
    await Promise.all(functions.map((functionName) => invokeAsync(this.options.client, functionName, payload)));
  }
}
