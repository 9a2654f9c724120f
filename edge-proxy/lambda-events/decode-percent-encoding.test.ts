import { describe, expect, it } from 'vitest';
import { decodePercentEncoding } from './decode-percent-encoding';

describe('decodePercentEncoding', () => {
  it('decodes UTF-8 percent-encoding', () => {
    expect(decodePercentEncoding('%C3%A9t%C3%A9')).toBe('été');
    expect(decodePercentEncoding('%20b')).toBe(' b');
  });

  it('keeps + as a plus sign, as RFC 3986 decoding does', () => {
    expect(decodePercentEncoding('a+b')).toBe('a+b');
  });

  it('leaves a malformed sequence as received instead of failing', () => {
    expect(decodePercentEncoding('100%')).toBe('100%');
    expect(decodePercentEncoding('%E0%A4%A')).toBe('%E0%A4%A');
  });
});
