import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { readHead } from './read-head';

/** A stream of `data` cut into chunks of the given sizes, then one chunk of whatever is left. */
function streamOf(data: Buffer, chunkSizes: number[]): Readable {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const size of chunkSizes) {
    chunks.push(data.subarray(at, at + size));
    at += size;
  }
  if (at < data.length) chunks.push(data.subarray(at));
  return Readable.from(chunks, { objectMode: false });
}

const wholeOf = async (whole: AsyncIterable<Buffer>) => buffer(Readable.from(whole));

describe('readHead', () => {
  it('gives exactly the first bytes when the stream is longer, even from the middle of a chunk', async () => {
    const data = Buffer.from('0123456789abcdef');

    const { head, whole } = await readHead(streamOf(data, [4, 4, 8]), 6);

    expect(head.toString()).toBe('012345');
    expect((await wholeOf(whole)).toString()).toBe('0123456789abcdef');
  });

  it('gives the whole stream as the head when the stream is shorter', async () => {
    const data = Buffer.from('short');

    const { head, whole } = await readHead(streamOf(data, [2, 3]), 4100);

    expect(head.toString()).toBe('short');
    expect((await wholeOf(whole)).toString()).toBe('short');
  });

  it('gives an empty head and nothing else for an empty stream', async () => {
    const { head, whole } = await readHead(Readable.from([]), 4100);

    expect(head).toHaveLength(0);
    expect(await wholeOf(whole)).toHaveLength(0);
  });

  it('reproduces a large stream byte for byte, head included', async () => {
    const data = randomBytes(1024 * 1024 + 7);

    const { head, whole } = await readHead(streamOf(data, [1000, 1, 3099, 65_536, 12_345]), 4100);

    expect(head.equals(data.subarray(0, 4100))).toBe(true);
    expect((await wholeOf(whole)).equals(data)).toBe(true);
  });

  it('passes on a failure of the source that happens after the head', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(5000);
      throw new Error('connection reset by peer');
    }

    const { head, whole } = await readHead(Readable.from(failing()), 4100);

    expect(head).toHaveLength(4100);
    await expect(wholeOf(whole)).rejects.toThrow('connection reset by peer');
  });
});
