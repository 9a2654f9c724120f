import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './parse-request-target';

describe('parseRequestTarget', () => {
  it('keeps the raw path and raw query string exactly as received', () => {
    const target = parseRequestTarget('/api/videos/%C3%A9t%C3%A9?limit=5&tag=a&tag=b');

    expect(target.rawPath).toBe('/api/videos/%C3%A9t%C3%A9');
    expect(target.rawQueryString).toBe('limit=5&tag=a&tag=b');
  });

  it('collects every value of a repeated key in order', () => {
    expect(parseRequestTarget('/v?tag=a&limit=5&tag=b').queryParameters).toEqual(
      new Map([
        ['tag', ['a', 'b']],
        ['limit', ['5']],
      ]),
    );
  });

  it('decodes names and values but keeps + and everything after the first =', () => {
    expect(parseRequestTarget('/v?a=%20b&q=x+y&%C3%A9=1&expr=a=b').queryParameters).toEqual(
      new Map([
        ['a', [' b']],
        ['q', ['x+y']],
        ['é', ['1']],
        ['expr', ['a=b']],
      ]),
    );
  });

  it('gives a key without a value an empty value', () => {
    expect(parseRequestTarget('/v?flag&empty=').queryParameters).toEqual(
      new Map([
        ['flag', ['']],
        ['empty', ['']],
      ]),
    );
  });

  it('has no parameters without a query, with a bare ? or with only separators', () => {
    expect(parseRequestTarget('/v').queryParameters.size).toBe(0);
    expect(parseRequestTarget('/v?').rawQueryString).toBe('');
    expect(parseRequestTarget('/v?&&').queryParameters.size).toBe(0);
  });
});
