import { request as httpRequest, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { listen, serverUrl } from '../../core/process/serve';
import { readRequestBody } from './read-request-body';
import { tapRequestBody } from './tap-request-body';

interface Tapped {
  /** What the server's own reader got. */
  read?: Buffer;
  /** What the tap kept, asked once the reader is done (or the request died). */
  kept: Buffer | undefined;
}

/**
 * A server that taps each request body, then reads it a tick later as the proxy's pipe does
 * (http-proxy-middleware attaches it after an await); sends `chunks` to it with a pause between.
 */
async function tapWhileServing(limitBytes: number, chunks: string[], { abortAfterChunks }: { abortAfterChunks?: number } = {}): Promise<Tapped> {
  let done: Promise<Tapped> | undefined;
  const server = await listen((req, res) => {
    const tap = tapRequestBody(req, limitBytes);
    done = readLater(req).then(
      (read) => {
        res.end();
        return { read, kept: tap() };
      },
      () => ({ kept: tap() }),
    );
  }, 0, '127.0.0.1');
  try {
    const client = httpRequest(serverUrl(server), { method: 'POST', agent: false });
    client.on('error', () => undefined);
    for (const [index, chunk] of chunks.entries()) {
      if (index === abortAfterChunks) {
        client.destroy();
        break;
      }
      client.write(chunk);
      await sleep(5);
    }
    if (abortAfterChunks === undefined) client.end();
    await waitFor(() => done);
    return await done!;
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

async function readLater(req: IncomingMessage): Promise<Buffer> {
  await sleep(10);
  return readRequestBody(req, 1024 * 1024);
}

async function waitFor<T>(value: () => T | undefined): Promise<void> {
  while (value() === undefined) await sleep(1);
}

describe('tapRequestBody', () => {
  it('keeps the whole body while the server reads it whole too, even when its reader comes later', async () => {
    const { read, kept } = await tapWhileServing(1024, ['{"email":', '"ada@example.com",', '"password":"x"}']);

    expect(read?.toString()).toBe('{"email":"ada@example.com","password":"x"}');
    expect(kept).toEqual(read);
  });

  it('keeps nothing for a body larger than its limit, and the server still reads all of it', async () => {
    const { read, kept } = await tapWhileServing(8, ['0123', '4567', '89']);

    expect(read?.toString()).toBe('0123456789');
    expect(kept).toBeUndefined();
  });

  it('keeps a body of exactly its limit', async () => {
    const { kept } = await tapWhileServing(8, ['0123', '4567']);

    expect(kept?.toString()).toBe('01234567');
  });

  it('keeps nothing for a body that never arrived whole', async () => {
    const { read, kept } = await tapWhileServing(1024, ['{"partial":', 'true'], { abortAfterChunks: 1 });

    expect(read).toBeUndefined();
    expect(kept).toBeUndefined();
  });

  it('keeps an empty body as empty, not as missing', async () => {
    const { kept } = await tapWhileServing(1024, []);

    expect(kept).toEqual(Buffer.alloc(0));
  });
});
