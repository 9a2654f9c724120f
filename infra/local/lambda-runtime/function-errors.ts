import { RESPONSE_LIMIT_BYTES } from './lambda-limits';

/** The body Lambda answers with, beside `X-Amz-Function-Error: Unhandled`, when a function fails. */
export interface FunctionErrorBody {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** Lambda's service is written in Go: a dead runtime is described with Go's wording for the signal. */
const goSignalNames: Readonly<Record<string, string>> = {
  SIGKILL: 'killed',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
  SIGBUS: 'bus error',
};

/** A thrown value as the Node.js Lambda runtime reports it (non-errors keep their typeof). */
export function toFunctionErrorBody(thrown: unknown): FunctionErrorBody {
  if (thrown instanceof Error) {
    return { errorType: thrown.name, errorMessage: thrown.message, trace: (thrown.stack ?? '').split('\n') };
  }
  return { errorType: typeof thrown, errorMessage: String(thrown), trace: [] };
}

/** The handler module could not be loaded (missing file, syntax error, throw at top level). */
export function importModuleError(thrown: unknown): FunctionErrorBody {
  const { errorType, errorMessage, trace } = toFunctionErrorBody(thrown);
  return { errorType: 'Runtime.ImportModuleError', errorMessage: `${errorType}: ${errorMessage}`, trace: trace ?? [] };
}

/** The module loaded but does not export a function under the configured handler name. */
export function handlerNotFoundError(entry: string, handler: string): FunctionErrorBody {
  return { errorType: 'Runtime.HandlerNotFound', errorMessage: `${entry}.${handler} is undefined or not exported` };
}

/** The handler's result cannot be turned into JSON (a cycle, a BigInt). */
export function marshalError(): FunctionErrorBody {
  return { errorType: 'Runtime.MarshalError', errorMessage: 'Unable to stringify response body' };
}

/** The serialised result is larger than Lambda lets a function answer. */
export function responseTooLargeError(): FunctionErrorBody {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT_BYTES} bytes).`,
  };
}

/** The invocation ran past its timeout and its process was killed. */
export function timedOutError(requestId: string, timeoutMs: number, now: Date): FunctionErrorBody {
  const seconds = (timeoutMs / 1000).toFixed(2);
  return { errorType: 'Sandbox.Timedout', errorMessage: `${now.toISOString()} ${requestId} Task timed out after ${seconds} seconds` };
}

/** The function's process died while it was serving the invocation. */
export function exitedError(requestId: string, code: number | null, signal: NodeJS.Signals | null): FunctionErrorBody {
  const status = signal === null ? `exit status ${code ?? 0}` : `signal: ${goSignalNames[signal] ?? signal}`;
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${status}` };
}
