import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { PayloadTooLargeError, ValidationError } from '../errors/app-error';
import { toLegacyErrorResponse } from '../legacy-api/error-response';

/** The legacy answer to bytes Node's HTTP parser refused before any route ran. */
function clientErrorResponse(code: string | undefined): { status: number; body: string } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    // 431 is the status HTTP has for it; the contract has no code of its own for headers, and
    // payload_too_large ("the request is bigger than we take") is the one a client already handles.
    const { body } = toLegacyErrorResponse(new PayloadTooLargeError(`The request line and headers are larger than the limit of ${maxHeaderSize} bytes`));
    return { status: 431, body: JSON.stringify(body) };
  }
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') {
    const { status, body } = toLegacyErrorResponse(new PayloadTooLargeError('The chunk extensions of the request body are too large'));
    return { status, body: JSON.stringify(body) };
  }
  // Everything else (smuggling attempts, obs-fold, bad bytes, a request that never finished arriving)
  // is a request the client must fix before sending it again.
  const { status, body } = toLegacyErrorResponse(new ValidationError([{ path: '', message: 'The HTTP request is malformed: check its request line, headers and framing' }], 'The HTTP request could not be parsed'));
  return { status, body: JSON.stringify(body) };
}

/**
 * A server's `clientError` listener: answers in the legacy format instead of Node's bare
 * "400 Bad Request", then destroys the connection (its framing can no longer be trusted) with the
 * error, as Node's own listener does, so a request being read fails instead of waiting forever.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Node's own rule: write nothing once a response on this connection has begun, or the peer
  // would read our bytes as part of it.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const { status, body } = clientErrorResponse(error.code);
    socket.write(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Request-Id: ${randomUUID()}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  }
  socket.destroy(error);
}
