import type { ServerResponse } from 'node:http';
import { toLegacyErrorResponse } from '../../core/legacy-api/error-response';

/** Answers with the legacy error format; if the answer had already begun, the connection is cut. */
export function sendLegacyError(res: ServerResponse, error: unknown, requestId: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, headers, body } = toLegacyErrorResponse(error);
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': requestId,
  });
  res.end(payload);
}
