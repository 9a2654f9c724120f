import { Agent } from 'node:http';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { readFunctionNamePrefix } from './function-name-prefix';

export interface LambdaClientSettings {
  /** The local runtime's URL; undefined means real AWS Lambda. */
  endpoint?: string;
  region: string;
  /** Put before every function name invoked; LAMBDA_FUNCTION_PREFIX when not given. */
  functionNamePrefix?: string;
  /** How long an invocation may take before it fails with a TimeoutError; unset, the client sets no limit. */
  requestTimeoutMs?: number;
}

/**
 * A Lambda client. Locally it talks to the Invoke-API-compatible runtime with
 * placeholder credentials; in AWS it uses the default credential chain (the function's role).
 * No SDK retries: a throttled or failed request is answered at once, never silently re-sent.
 * The middleware stack is resolved once, not per call (calls pass no per-call options), and a
 * timeout is the client's own setting: a caller with several timeouts keeps a client per timeout.
 * The code invokes functions by their registry names; in AWS they are deployed with the stage's
 * prefix (`24hv-prod-auth`), which the client adds, so every caller keeps the registry's names.
 */
export function createLambdaClient({ endpoint, region, functionNamePrefix = readFunctionNamePrefix(), requestTimeoutMs }: LambdaClientSettings): LambdaClient {
  const client = new LambdaClient({
    region,
    maxAttempts: 1,
    cacheMiddleware: true,
    requestHandler: {
      ...(requestTimeoutMs ? { requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true } : {}),
      ...(endpoint ? { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) } : {}),
    },
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  if (functionNamePrefix !== '') {
    client.middlewareStack.add(
      (next) => (args) => {
        const input = args.input as { FunctionName?: unknown };
        // A name gets the prefix; an ARN (with ':') already names the function exactly.
        if (typeof input.FunctionName !== 'string' || input.FunctionName.includes(':')) return next(args);
        return next({ ...args, input: { ...input, FunctionName: `${functionNamePrefix}${input.FunctionName}` } });
      },
      { step: 'initialize', name: 'functionNamePrefix' },
    );
  }
  return client;
}
