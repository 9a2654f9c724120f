import type { LambdaClient } from '@aws-sdk/client-lambda';
import { createLambdaClient, type LambdaClientSettings } from '../../core/events/adapters/create-lambda-client';

/**
 * A Lambda client per invocation timeout, made when first needed: a client's timeout is its own
 * setting (no per-call options, so its middleware stack is resolved once), and functions with the
 * same timeout share a client and its connections.
 */
export function lambdaClientsByTimeout(settings: Omit<LambdaClientSettings, 'requestTimeoutMs'>, timeoutMsFor: (functionName: string) => number) {
  const clients = new Map<number, LambdaClient>();
  return {
    clientFor(functionName: string): LambdaClient {
      const timeoutMs = timeoutMsFor(functionName);
      let client = clients.get(timeoutMs);
      if (!client) {
        client = createLambdaClient({ ...settings, requestTimeoutMs: timeoutMs });
        clients.set(timeoutMs, client);
      }
      return client;
    },
    /** Drops every client's pooled connections. */
    destroy(): void {
      for (const client of clients.values()) client.destroy();
    },
  };
}
