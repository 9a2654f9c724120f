import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Logger } from 'pino';
import { PayloadTooLargeError, UnavailableError, UpstreamError, UpstreamTimeoutError } from '../../core/errors/app-error';

/** Lambda's synchronous response limit; a larger payload is a failed invocation, never a hang. */
export const maxSyncPayloadBytes = 6 * 1024 * 1024;

/** API Gateway gives up on an integration after 30 s whatever the function's own timeout: no invocation waits longer. */
export const integrationTimeoutMs = 30_000;

export interface LambdaInvokerOptions {
  /** The client to invoke a function with: one whose timeout is the function's own plus a margin, past which the caller gets 504. */
  clientFor: (functionName: string) => LambdaClient;
  logger: Logger;
}

interface FunctionErrorBody {
  errorType?: unknown;
  errorMessage?: unknown;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Lambda reports a timeout as a function error whose type (or message) says so. */
function isTimeout(body: FunctionErrorBody): boolean {
  return body.errorType === 'Sandbox.Timedout' || (typeof body.errorMessage === 'string' && /Task timed out after/.test(body.errorMessage));
}

function toInvokeFailure(error: unknown, functionName: string): Error {
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'TooManyRequestsException') {
    return new UnavailableError('The service is busy: try again in a moment', 1, { cause: error });
  }
  if (name === 'TimeoutError') return new UpstreamTimeoutError('The service did not answer in time', { cause: error });
  if (name === 'RequestTooLargeException') return new PayloadTooLargeError('The request is larger than the service accepts', { cause: error });
  if (code === 'ECONNREFUSED' || name === 'ECONNREFUSED') {
    return new UnavailableError('The service is temporarily unavailable: try again shortly', 1, { cause: error });
  }
  return new UpstreamError(`The service failed to answer (function ${functionName})`, { cause: error });
}

/** The request an invocation serves, as the invoker's log lines name it. */
export interface InvokedFor {
  readonly requestId: string;
  /** The route id, `unmatched` for a path the route table does not know. */
  readonly route: string;
}

/** Invokes a function synchronously and returns its JSON result (the port the dispatchers use). */
export interface FunctionInvoker {
  invoke(functionName: string, event: unknown, invokedFor: InvokedFor): Promise<unknown>;
}

/**
 * Invokes functions synchronously through @aws-sdk/client-lambda and turns every way an
 * invocation can fail into the legacy error it means for the caller (502, 503, 504).
 */
export class LambdaInvoker implements FunctionInvoker {
  constructor(private readonly options: LambdaInvokerOptions) {}

  /** The function's JSON result. */
  async invoke(functionName: string, event: unknown, { requestId, route }: InvokedFor): Promise<unknown> {
    const { clientFor, logger } = this.options;
    const command = new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) });
    let output;
    try {
      output = await clientFor(functionName).send(command);
    } catch (error) {
      logger.warn({ err: error, requestId, route, target: 'lambda', functionName }, 'invocation failed');
      throw toInvokeFailure(error, functionName);
    }
    const payload = Buffer.from(output.Payload ?? new Uint8Array());
    if (output.FunctionError) {
      const body = (parseJson(payload.toString('utf8')) ?? {}) as FunctionErrorBody;
      logger.warn({ requestId, route, target: 'lambda', functionName, functionError: output.FunctionError, errorType: body.errorType }, 'function error');
      if (isTimeout(body)) throw new UpstreamTimeoutError('The service did not answer in time');
      throw new UpstreamError('The service failed to answer: try again');
    }
    if (payload.length > maxSyncPayloadBytes) throw new UpstreamError('The service answered more than it may send at once');
    const result = parseJson(payload.toString('utf8'));
    if (result === undefined) throw new UpstreamError('The service answered with something that is not JSON');
    return result;
  }
}
