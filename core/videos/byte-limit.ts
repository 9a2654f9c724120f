import { PayloadTooLargeError } from '../errors/app-error';

/** Formats a byte count for messages: "1 GiB", "512 KiB", "10 bytes". */
export function formatBytes(bytes: number): string {
  const units = ['GiB', 'MiB', 'KiB'] as const;
  for (const [index, unit] of units.entries()) {
    const size = 1024 ** (units.length - index);
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** The 413 an upload over the limit gets, naming the limit. */
export function uploadTooLargeError(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The upload exceeds the limit of ${formatBytes(limit)}`);
}

/** Passes chunks through and fails with PayloadTooLargeError as soon as more than `limit` bytes went by. */
export async function* limitBytes(source: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.length;
    if (seen > limit) throw uploadTooLargeError(limit);
    yield chunk;
  }
}
