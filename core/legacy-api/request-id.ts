import { randomUUID } from 'node:crypto';

/** Header that carries the request id on every request and response. */
export const requestIdHeader = 'x-request-id';

// A caller's id is echoed into headers and logs: accept only short, plain tokens.
const acceptableRequestId = /^[\w.:-]{1,128}$/;

/** The caller's request id when it is a plain token, else a new one. */
export function resolveRequestId(callerValue: string | readonly string[] | undefined): string {
  const value = Array.isArray(callerValue) ? callerValue[0] : callerValue;
  return typeof value === 'string' && acceptableRequestId.test(value) ? value : randomUUID();
}
