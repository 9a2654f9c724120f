import { describe, expect, it } from 'vitest';
import { parseRawHeaders } from './parse-raw-headers';

describe('parseRawHeaders', () => {
  it('groups repeated headers case-insensitively, keeping the first spelling and every value in order', () => {
    const headers = parseRawHeaders(['X-Tag', 'a', 'Accept', 'text/html', 'x-tag', 'b', 'Accept', 'application/json']);

    expect([...headers]).toEqual([
      ['x-tag', { name: 'X-Tag', values: ['a', 'b'] }],
      ['accept', { name: 'Accept', values: ['text/html', 'application/json'] }],
    ]);
  });

  it('keeps empty header values', () => {
    expect(parseRawHeaders(['X-Empty', '']).get('x-empty')).toEqual({ name: 'X-Empty', values: [''] });
  });

  it('ignores a trailing name without a value', () => {
    expect([...parseRawHeaders(['Host', 'a.test', 'Dangling']).keys()]).toEqual(['host']);
  });

  it('returns no headers for an empty list', () => {
    expect(parseRawHeaders([]).size).toBe(0);
  });
});
