/** Stable, machine-readable codes of the legacy error format (see legacy-api.md). */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'invalid_credentials'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'not_ready'
  | 'range_not_satisfiable'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'
  | 'upstream_error'
  | 'unavailable'
  | 'upstream_timeout';

/** One offending input field: `path` is dotted ("user.email"), empty for the whole body. */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/**
 * Base of every error the platform reports to a caller. Capabilities subclass the generic
 * errors below; only the HTTP edge turns a code into a status (core/legacy-api).
 */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly code = 'validation_failed';

  constructor(
    readonly details: readonly ErrorDetail[],
    message = 'The request is invalid: see details',
  ) {
    super(message);
  }
}

export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
}

export class ConflictError extends AppError {
  readonly code = 'conflict';
}

/** The resource exists but is not there yet (metadata before extraction). */
export class NotReadyError extends AppError {
  readonly code = 'not_ready';
}

/** A Range header no byte of the file satisfies; the answer names the size in Content-Range. */
export class RangeNotSatisfiableError extends AppError {
  readonly code = 'range_not_satisfiable';

  constructor(readonly sizeBytes: number) {
    super(`The requested range is outside the file (${sizeBytes} bytes)`);
  }
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'unsupported_media_type';
}

export class UpstreamError extends AppError {
  readonly code = 'upstream_error';
}

export class UnavailableError extends AppError {
  readonly code = 'unavailable';

  constructor(
    message: string,
    /** Seconds a caller should wait before trying again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class UpstreamTimeoutError extends AppError {
  readonly code = 'upstream_timeout';
}
