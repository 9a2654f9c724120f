import type { CapturedResponse } from './captured-response';
import { trimBody } from './trim-body';

/** A response as kept with a mismatch: the body trimmed to text, its secrets redacted. */
export interface StoredResponse {
  readonly target: CapturedResponse['target'];
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The capture itself was cut: the body was larger than the proxy keeps. */
  readonly bodyTruncated: boolean;
}

// Mismatches are shown to engineers: the bearer tokens and webhook secrets of customers must not
// be (same keys as the logger redacts). Trimming may cut a value short: no closing quote, then the
// `…` of trimBody (never part of a token or secret).
const secretValue = /("(?:password|token|secret)"\s*:\s*")(?:[^"\\…]|\\.)*("?)/g;

/** Prepares a captured response for storage with a mismatch. */
export function toStoredResponse(response: CapturedResponse): StoredResponse {
  return {
    target: response.target,
    status: response.status,
    headers: response.headers,
    body: trimBody(response.body).replace(secretValue, '$1[redacted]$2'),
    bodyTruncated: response.bodyTruncated,
  };
}
