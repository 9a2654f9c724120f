import type { Readable } from 'node:stream';

/**
 * Reads the first `bytes` of a stream (fewer if it ends sooner) and gives back the head and a
 * stream of everything, head included, so a file can be sniffed before it is stored.
 */
export async function readHead(source: Readable, bytes: number): Promise<{ head: Buffer; whole: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* whole(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: head.subarray(0, bytes), whole: whole() };
}
