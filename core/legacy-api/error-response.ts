import { isDatabaseUnavailable } from '../database/database-unavailable';
import { AppError, RangeNotSatisfiableError, UnavailableError, ValidationError, type ErrorCode, type ErrorDetail } from '../errors/app-error';

/** The legacy error body: `{"error": {"code", "message", "details"?}}`. */
export interface LegacyErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

export interface LegacyErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: LegacyErrorBody;
}

const statusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  not_ready: 409,
  range_not_satisfiable: 416,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  upstream_error: 502,
  unavailable: 503,
  upstream_timeout: 504,
};

/** Maps any thrown value to the legacy error response; unknown errors become a bare 500. */
export function toLegacyErrorResponse(error: unknown): LegacyErrorResponse {
  // A database restarting or out of reach is transient: the caller may retry, as after any 503.
  if (isDatabaseUnavailable(error)) return toLegacyErrorResponse(new UnavailableError('The service is temporarily unavailable: try again shortly', 1, { cause: error }));
  if (!(error instanceof AppError)) {
    // Never leak internals (messages, stacks) of unexpected errors to callers.
    return { status: 500, headers: {}, body: { error: { code: 'internal', message: 'Something went wrong on our side' } } };
  }
  const body: LegacyErrorBody = { error: { code: error.code, message: error.message } };
  if (error instanceof ValidationError) body.error.details = [...error.details];
  const headers: Record<string, string> = {};
  if (error instanceof UnavailableError && error.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(error.retryAfterSeconds);
  }
  if (error instanceof RangeNotSatisfiableError) headers['content-range'] = `bytes */${error.sizeBytes}`;
  return { status: statusByCode[error.code], headers, body };
}
