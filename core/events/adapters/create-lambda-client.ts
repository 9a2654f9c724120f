import { Agent } from 'node:http';
import { LambdaClient } from '@aws-sdk/client-lambda';

export interface LambdaClientSettings {
  /** The local runtime's URL; undefined means real AWS Lambda. */
  endpoint?: string;
  region: string;
}

/**
 * One Lambda client per process. Locally it talks to the Invoke-API-compatible runtime with
 * placeholder credentials; in AWS it uses the default credential chain (the function's role).
 * No SDK retries: a throttled or failed request is answered at once, never silently re-sent.
 */
export function createLambdaClient({ endpoint, region }: LambdaClientSettings): LambdaClient {
  return new LambdaClient({
    region,
    maxAttempts: 1,
    ...(endpoint
      ? {
          endpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) },
        }
      : {}),
  });
}
