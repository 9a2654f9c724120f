import type { IncomingMessage } from 'node:http';

/**
 * Keeps a copy of a request body while it streams to whoever serves it, so a shadow can be sent
 * the same bytes afterwards. The stream is paused in the same tick, so no chunk flows before the
 * server's own reader (a pipe, which resumes it) is attached. Returns the body once complete, or
 * undefined when it was larger than `limitBytes` or never fully read.
 */
export function tapRequestBody(req: IncomingMessage, limitBytes: number): () => Buffer | undefined {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limitBytes) overflow = true;
    if (!overflow) chunks.push(chunk);
  });
  req.pause();
  return () => (overflow || !req.complete ? undefined : Buffer.concat(chunks));
}
