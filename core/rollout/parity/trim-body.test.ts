import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maxTrimmedBodyBytes, trimBody } from './trim-body';

describe('trimBody', () => {
  it('keeps a short text body whole', () => {
    expect(trimBody(Buffer.from('{"error":{"code":"not_found"}}'))).toBe('{"error":{"code":"not_found"}}');
    expect(trimBody(Buffer.alloc(0))).toBe('');
  });

  it('keeps the first 4 KiB of a long text body and says how long it was', () => {
    const trimmed = trimBody(Buffer.from('a'.repeat(10_000)));
    expect(trimmed).toBe(`${'a'.repeat(maxTrimmedBodyBytes)}… [10000 bytes in all]`);
  });

  it('never cuts a multi-byte character in two', () => {
    const body = Buffer.from(`${'a'.repeat(maxTrimmedBodyBytes - 1)}é and more`);
    expect(trimBody(body)).toBe(`${'a'.repeat(maxTrimmedBodyBytes - 1)}… [${body.length} bytes in all]`);
  });

  it('shows a binary body as its length and sha256', () => {
    const mp4 = Buffer.from([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);
    expect(trimBody(mp4)).toBe(`<12 bytes, sha256 ${createHash('sha256').update(mp4).digest('hex')}>`);
    expect(trimBody(Buffer.from([0xff, 0xfe, 0x41]))).toMatch(/^<3 bytes, sha256 [0-9a-f]{64}>$/);
  });

  it('keeps text with tabs and line breaks as text', () => {
    expect(trimBody(Buffer.from('#EXTM3U\r\n#EXT-X-VERSION:3\n\tx'))).toBe('#EXTM3U\r\n#EXT-X-VERSION:3\n\tx');
  });
});
