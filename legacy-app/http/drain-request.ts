import type { Request, Response } from 'express';

/**
 * Reads and drops what is left of a request body, resolving once it ended. An answer sent before
 * the body was read makes Node close the connection while the client (or the edge proxy streaming
 * the upload) is still writing: it sees EPIPE instead of the answer. Past `limitBytes` reading
 * stops and it resolves `false`, so nobody can make the server read forever before answering.
 */
export function drainRequest(req: Request, limitBytes: number): Promise<boolean> {
  if (req.complete || req.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    let dropped = 0;
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped <= limitBytes) return;
      req.off('data', onData);
      req.pause();
      resolve(false);
    };
    req.on('data', onData);
    req.once('end', () => resolve(true));
    req.once('close', () => resolve(true));
    req.resume();
  });
}

/**
 * For an answer sent before a large body ended: once the answer is out, the body is still read
 * and dropped for `lingerMs` (nginx's lingering close), then the connection is cut. Closing at
 * once would reset a connection with unread data, and the reset can destroy the answer in flight.
 */
export function lingerAfterAnswer(req: Request, res: Response, lingerMs: number): void {
  res.once('finish', () => {
    const cut = setTimeout(() => req.destroy(), lingerMs);
    cut.unref();
    req.once('end', () => clearTimeout(cut));
    req.resume();
  });
}
