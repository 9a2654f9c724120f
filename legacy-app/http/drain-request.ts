import type { Request } from 'express';

/**
 * Reads and drops what is left of a request body, resolving once it ended. An answer sent before
 * the body was read makes Node close the connection while the client (or the edge proxy streaming
 * the upload) is still writing: it sees EPIPE instead of the answer. Past `limitBytes` the
 * connection is cut instead, so nobody can make the server read forever.
 */
export function drainRequest(req: Request, limitBytes: number): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > limitBytes) req.destroy();
    });
    req.once('end', () => resolve());
    req.once('close', () => resolve());
    req.resume();
  });
}
