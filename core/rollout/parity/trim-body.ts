import { isUtf8 } from 'node:buffer';
import { fingerprintBody } from './body-fingerprint';

/** How much of a text body is kept with a mismatch. */
export const maxTrimmedBodyBytes = 4096;

// Control characters other than tab and line breaks mark a binary file (an mp4 starts with NULs).
const binaryControlCharacter = /(?![\t\n\r])\p{Cc}/u;

/** A body as text for storage: its first 4 KiB when it is text, else `<N bytes, sha256 …>`. */
export function trimBody(body: Buffer): string {
  let end = Math.min(body.length, maxTrimmedBodyBytes);
  // Cut between two UTF-8 characters, never inside one (continuation bytes are 10xxxxxx).
  while (end > 0 && end < body.length && ((body[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  const head = body.subarray(0, end);
  const text = isUtf8(head) ? head.toString('utf8') : undefined;
  if (text === undefined || binaryControlCharacter.test(text)) {
    const { bytes, sha256 } = fingerprintBody(body);
    return `<${bytes} bytes, sha256 ${sha256}>`;
  }
  return end < body.length ? `${text}… [${body.length} bytes in all]` : text;
}
