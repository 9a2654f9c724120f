import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../errors/app-error';
import { formatBytes, limitBytes, uploadTooLargeError } from './byte-limit';

/** Chunks of the given sizes, counting how many the consumer pulled. */
function chunksOf(sizes: number[]) {
  const pulled = { count: 0 };
  async function* source(): AsyncGenerator<Buffer> {
    for (const size of sizes) {
      pulled.count += 1;
      yield Buffer.alloc(size, 0x61);
    }
  }
  return { source: source(), pulled };
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<{ chunks: number[]; error?: unknown }> {
  const sizes: number[] = [];
  try {
    for await (const chunk of chunks) sizes.push(chunk.length);
  } catch (error) {
    return { chunks: sizes, error };
  }
  return { chunks: sizes };
}

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1536, '1536 bytes'],
    [512 * 1024, '512 KiB'],
    [1024 ** 2, '1 MiB'],
    [1024 ** 2 + 1024, '1025 KiB'],
    [1024 ** 3, '1 GiB'],
    [1.5 * 1024 ** 3, '1536 MiB'],
    [5 * 1024 ** 3, '5 GiB'],
  ])('writes %i bytes as "%s"', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('uploadTooLargeError', () => {
  it('is a 413 naming the limit', () => {
    const error = uploadTooLargeError(1024 ** 3);

    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.message).toBe('The upload exceeds the limit of 1 GiB');
  });
});

describe('limitBytes', () => {
  it('passes a stream of exactly the limit through, chunk for chunk', async () => {
    const { source } = chunksOf([4, 4, 2]);

    expect(await collect(limitBytes(source, 10))).toEqual({ chunks: [4, 4, 2] });
  });

  it('fails with a 413 on the chunk that goes one byte over, without passing it on', async () => {
    const { source } = chunksOf([4, 4, 3]);

    const { chunks, error } = await collect(limitBytes(source, 10));

    expect(chunks).toEqual([4, 4]);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as PayloadTooLargeError).message).toBe('The upload exceeds the limit of 10 bytes');
  });

  it('stops reading the source as soon as the limit is passed', async () => {
    const { source, pulled } = chunksOf([11, 1, 1, 1]);

    await collect(limitBytes(source, 10));

    expect(pulled.count).toBe(1);
  });

  it('counts every byte of a real stream, whatever its chunking', async () => {
    const body = Readable.from([Buffer.alloc(3), Buffer.alloc(0), Buffer.alloc(5), Buffer.alloc(3)]);

    expect((await collect(limitBytes(body, 10))).error).toBeInstanceOf(PayloadTooLargeError);
  });
});
