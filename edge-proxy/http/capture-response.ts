import type { ServerResponse } from 'node:http';

/** What a response was, as the client received it (bodies kept up to a limit). */
export interface ResponseSnapshot {
  readonly status: number;
  /** Lower-case names; several values joined with ', '. */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly bodyTruncated: boolean;
  readonly bodyBytes: number;
}

/** Headers as a snapshot keeps them, from any of Node's shapes: one source for both sides of a comparison. */
export function snapshotHeaders(entries: Iterable<readonly [string, string | number | readonly string[] | undefined]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(', ') : String(value);
    headers[key] = key in headers ? `${headers[key]}, ${joined}` : joined;
  }
  return headers;
}

type Chunk = string | Uint8Array;

const toBuffer = (chunk: Chunk, encoding: unknown) => (typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk));

/**
 * Watches what is written to a response, whoever writes it (the proxy's pipe, a Lambda result, an
 * error), counting its bytes and keeping up to `keepBytes` of the body for a shadow comparison.
 * The response itself is untouched: every call goes through unchanged. The snapshot is taken only
 * when asked for (a shadow's comparison): counting the bytes is all most requests need.
 */
export function captureResponse(res: ServerResponse, keepBytes: number): { bodyBytes(): number; snapshot(): ResponseSnapshot } {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let bodyBytes = 0;
  let truncated = false;
  const observe = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    // Counted without a copy: only the part kept for a comparison is copied.
    const length = typeof chunk === 'string' ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : (chunk as Uint8Array).byteLength;
    bodyBytes += length;
    if (truncated || keepBytes === 0) return;
    if (keptBytes + length > keepBytes) {
      truncated = true;
      return;
    }
    kept.push(toBuffer(chunk as Chunk, encoding));
    keptBytes += length;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    observe(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    observe(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  return {
    bodyBytes: () => bodyBytes,
    snapshot: () => ({
      status: res.statusCode,
      headers: snapshotHeaders(Object.entries(res.getHeaders())),
      body: Buffer.concat(kept),
      bodyTruncated: truncated || keepBytes === 0,
      bodyBytes,
    }),
  };
}
