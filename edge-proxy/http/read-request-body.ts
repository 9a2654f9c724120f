import type { IncomingMessage } from 'node:http';
import { bodyTooLargeError } from '../../core/legacy-api/json-body';

/** Reads a whole request body, refusing (413) as soon as it is known to exceed `limitBytes`. */
export async function readRequestBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw bodyTooLargeError(limitBytes);
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limitBytes) throw bodyTooLargeError(limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, received);
}
