/** Payload ceiling of a synchronous invocation request (6 MB), as AWS Lambda enforces it. */
export const SYNC_REQUEST_LIMIT_BYTES = 6_291_456;

/** Payload ceiling of an asynchronous (Event) invocation request (256 KB). */
export const EVENT_REQUEST_LIMIT_BYTES = 262_144;

/** Lambda allows a response 100 bytes over 6 MB: the figure its error message quotes. */
export const RESPONSE_LIMIT_BYTES = 6_291_556;

/** X-Amz-Log-Result carries only the last 4 KB of an invocation's log. */
export const LOG_TAIL_BYTES = 4_096;

/** Lambda gives a function's init phase 10 s, whatever the function's own timeout. */
export const INIT_TIMEOUT_MS = 10_000;

/** Seconds a throttled caller is told to wait (Retry-After). */
export const THROTTLE_RETRY_AFTER_SECONDS = 1;
