import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors/app-error';
import { decodeJsonBody, isJsonContentType, type JsonBodyHeaders } from './json-body';

const json = { contentType: 'application/json' };
function detailsOfFailure(decodeCall: () => unknown): unknown {
  try {
    decodeCall();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details;
  }
  throw new Error('expected the body to be refused');
}

const decode = (body: string | Buffer, headers: JsonBodyHeaders = json, limit = 1024) => decodeJsonBody(Buffer.from(body), headers, limit);

describe('decodeJsonBody', () => {
  it('parses a JSON object', () => {
    expect(decode('{"email":"a@b.c","n":1}')).toEqual({ email: 'a@b.c', n: 1 });
  });

  it('treats an absent body as an empty object, so validation names the missing fields', () => {
    expect(decode('', {})).toEqual({});
  });

  it('keeps non-ASCII text intact', () => {
    expect(decode('{"name":"été 漢字 🎬"}')).toEqual({ name: 'été 漢字 🎬' });
  });

  it('refuses malformed JSON with a validation error on the whole body', () => {
    expect(detailsOfFailure(() => decode('{"a":'))).toEqual([{ path: '', message: 'The request body is not valid JSON' }]);
  });

  it('refuses invalid UTF-8', () => {
    const invalidUtf8 = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect(detailsOfFailure(() => decode(invalidUtf8))).toEqual([{ path: '', message: 'The request body is not valid UTF-8' }]);
  });

  it('refuses a body over the limit before parsing it', () => {
    expect(() => decode(`{"a":"${'x'.repeat(2000)}"}`)).toThrow(PayloadTooLargeError);
  });

  it('refuses bodies that are not JSON with 415', () => {
    expect(() => decode('a=b', { contentType: 'application/x-www-form-urlencoded' })).toThrow(UnsupportedMediaTypeError);
    expect(() => decode('{"a":1}', {})).toThrow(UnsupportedMediaTypeError);
  });

  it('refuses compressed bodies with 415', () => {
    expect(() => decode('{}', { ...json, contentEncoding: 'gzip' })).toThrow(/Content-Encoding 'gzip'/);
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/merge-patch+json', true],
    ['text/json', false],
    ['application/jsonp', false],
    [undefined, false],
  ])('%s → %s', (contentType, expected) => {
    expect(isJsonContentType(contentType)).toBe(expected);
  });
});
