import type { ServerResponse } from 'node:http';
import { THROTTLE_RETRY_AFTER_SECONDS } from './lambda-limits';

/** The status of each Invoke API error, and the casing of the message field the SDK model expects. */
const errorShapes = {
  ResourceNotFoundException: { status: 404, messageKey: 'Message' },
  TooManyRequestsException: { status: 429, messageKey: 'message' },
  InvalidRequestContentException: { status: 400, messageKey: 'message' },
  InvalidParameterValueException: { status: 400, messageKey: 'message' },
  RequestTooLargeException: { status: 413, messageKey: 'message' },
  UnknownOperationException: { status: 404, messageKey: 'message' },
  ServiceException: { status: 500, messageKey: 'Message' },
} as const;

type ServiceErrorCode = keyof typeof errorShapes;

/** An Invoke API error (not a function error): the SDK throws it as the exception named by `code`. */
export class LambdaServiceError extends Error {
  override readonly name = 'LambdaServiceError';

  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly reason?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A function that is not declared, or a qualifier other than $LATEST. */
export function functionNotFoundError(functionArn: string): LambdaServiceError {
  return new LambdaServiceError('ResourceNotFoundException', `Function not found: ${functionArn}`);
}

/** Every instance the reserved concurrency allows is busy. */
export function throttledError(): LambdaServiceError {
  return new LambdaServiceError('TooManyRequestsException', 'Rate Exceeded.', 'ReservedFunctionConcurrentInvocationLimitExceeded');
}

/** Writes the error the restJson1 way: x-amzn-ErrorType names the exception, the body carries Type and message. */
export function writeServiceError(response: ServerResponse, error: LambdaServiceError, requestId: string): void {
  const shape = errorShapes[error.code];
  const body: Record<string, string> = { Type: 'User', [shape.messageKey]: error.message };
  if (error.reason !== undefined) body.Reason = error.reason;
  if (error.code === 'ServiceException') body.Type = 'Service';
  const json = JSON.stringify(body);
  response.writeHead(shape.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(json),
    'x-amzn-ErrorType': error.code,
    'x-amzn-RequestId': requestId,
    ...(error.code === 'TooManyRequestsException' ? { 'Retry-After': String(THROTTLE_RETRY_AFTER_SECONDS) } : {}),
  });
  response.end(json);
}
