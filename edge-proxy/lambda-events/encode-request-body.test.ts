import { describe, expect, it } from 'vitest';
import { encodeRequestBody } from './encode-request-body';
import { PNG_BYTES } from './incoming-http-request.builder';

const JSON_TEXT = '{"title":"été 漢字 🎬"}';
const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]);

describe('encodeRequestBody', () => {
  it('has no body and no base64 flag when the request had no body', () => {
    expect(encodeRequestBody(Buffer.alloc(0), 'application/json')).toEqual({ body: undefined, isBase64Encoded: false });
  });

  it('keeps JSON with non-ASCII text as the exact string', () => {
    expect(encodeRequestBody(Buffer.from(JSON_TEXT, 'utf8'), 'application/json; charset=utf-8')).toEqual({
      body: JSON_TEXT,
      isBase64Encoded: false,
    });
  });

  it.each([
    'text/plain',
    'text/csv; charset=UTF-8',
    'application/json',
    'application/problem+json',
    'application/xml',
    'application/atom+xml',
    'application/x-www-form-urlencoded',
    'application/javascript',
    'Application/JSON',
  ])('sends %s as text', (contentType) => {
    expect(encodeRequestBody(Buffer.from('a=1', 'utf8'), contentType).isBase64Encoded).toBe(false);
  });

  it.each(['image/png', 'application/octet-stream', 'multipart/form-data; boundary=x', 'video/mp4'])(
    'base64-encodes %s even when the bytes happen to be UTF-8',
    (contentType) => {
      expect(encodeRequestBody(Buffer.from('abc', 'utf8'), contentType)).toEqual({
        body: Buffer.from('abc').toString('base64'),
        isBase64Encoded: true,
      });
    },
  );

  it('base64-encodes a PNG body byte-exact', () => {
    const encoded = encodeRequestBody(PNG_BYTES, 'image/png');

    expect(encoded.isBase64Encoded).toBe(true);
    expect(Buffer.from(encoded.body ?? '', 'base64')).toEqual(PNG_BYTES);
  });

  it('base64-encodes invalid UTF-8 even under application/json, so no byte is replaced', () => {
    expect(encodeRequestBody(INVALID_UTF8, 'application/json')).toEqual({
      body: INVALID_UTF8.toString('base64'),
      isBase64Encoded: true,
    });
  });

  it('base64-encodes text declared in another charset', () => {
    expect(encodeRequestBody(Buffer.from('hi', 'utf16le'), 'text/plain; charset=utf-16le').isBase64Encoded).toBe(true);
  });

  it('lets the bytes decide when there is no content type', () => {
    expect(encodeRequestBody(Buffer.from('plain', 'utf8'), undefined)).toEqual({ body: 'plain', isBase64Encoded: false });
    expect(encodeRequestBody(PNG_BYTES, undefined).isBase64Encoded).toBe(true);
  });

  it('keeps a UTF-8 byte order mark in the string', () => {
    const withBom = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);

    expect(Buffer.from(encodeRequestBody(withBom, 'application/json').body ?? '', 'utf8')).toEqual(withBom);
  });
});
