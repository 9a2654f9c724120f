import { describe, expect, it } from 'vitest';
import { normalizeHeader } from './normalize-header';

describe('normalizeHeader', () => {
  it('reduces a content type to its media type and charset, lower-cased', () => {
    expect(normalizeHeader('content-type', ' Application/JSON ; Charset = "UTF-8" ; boundary=x')).toBe('application/json; charset=utf-8');
    expect(normalizeHeader('content-type', 'text/html')).toBe('text/html');
  });

  it('orders cache-control directives and lower-cases them', () => {
    expect(normalizeHeader('cache-control', 'No-Store,  max-age = 0')).toBe('max-age=0, no-store');
  });

  it('collapses spacing of other headers and keeps their case', () => {
    expect(normalizeHeader('www-authenticate', '  Bearer   realm="API" ')).toBe('Bearer realm="API"');
    expect(normalizeHeader('location', '/api/Jobs/1')).toBe('/api/Jobs/1');
  });

  it('keeps an absent header absent', () => {
    expect(normalizeHeader('retry-after', undefined)).toBeUndefined();
  });
});
