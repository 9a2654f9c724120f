import type { CapturedResponse } from './captured-response';

/** A legacy 200 JSON response; override what a test is about. */
export function aCapturedResponse(overrides: Partial<CapturedResponse> = {}): CapturedResponse {
  return {
    target: 'legacy',
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-1' },
    body: Buffer.from('{}'),
    bodyTruncated: false,
    ...overrides,
  };
}

/** A JSON response of each side with these bodies, otherwise alike. */
export function jsonPair(primaryBody: unknown, shadowBody: unknown): [CapturedResponse, CapturedResponse] {
  return [
    aCapturedResponse({ body: Buffer.from(JSON.stringify(primaryBody)) }),
    aCapturedResponse({ target: 'lambda', body: Buffer.from(JSON.stringify(shadowBody)) }),
  ];
}
