import type { IncomingMessage } from 'node:http';
import { LambdaServiceError } from './service-error';

/**
 * Reads a request body of at most `limitBytes`. A larger body is still read to its end (and
 * dropped), so the client finishes sending and can read the 413 instead of a reset connection.
 */
export async function readRequestBody(request: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limitBytes) chunks.push(chunk);
  }
  if (size > limitBytes) {
    throw new LambdaServiceError('RequestTooLargeException', `Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation`);
  }
  return Buffer.concat(chunks).toString('utf8');
}
