import { describe, expect, it } from 'vitest';
import { fromApiGatewayV2Result } from './from-api-gateway-v2-result';
import { PNG_BYTES } from './incoming-http-request.builder';
import { InvalidLambdaResultError } from './invalid-lambda-result-error';

function errorOf(run: () => unknown): InvalidLambdaResultError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidLambdaResultError) return error;
    throw error;
  }
  throw new Error('expected an InvalidLambdaResultError, nothing was thrown');
}

describe('fromApiGatewayV2Result', () => {
  describe('a structured result (an object with statusCode)', () => {
    it('uses its status, headers and UTF-8 body', () => {
      const response = fromApiGatewayV2Result({
        statusCode: 201,
        headers: { 'content-type': 'application/json', location: '/api/videos/v-1' },
        body: '{"title":"été 漢字 🎬"}',
      });

      expect(response).toEqual({
        statusCode: 201,
        headers: [
          ['content-type', 'application/json'],
          ['location', '/api/videos/v-1'],
        ],
        body: Buffer.from('{"title":"été 漢字 🎬"}', 'utf8'),
      });
    });

    it('turns each cookie into its own set-cookie header', () => {
      const response = fromApiGatewayV2Result({
        statusCode: 200,
        headers: { 'x-trace': 't-1' },
        cookies: ['session=abc; HttpOnly; Path=/', 'theme=dark; Max-Age=3600'],
      });

      expect(response.headers).toEqual([
        ['x-trace', 't-1'],
        ['set-cookie', 'session=abc; HttpOnly; Path=/'],
        ['set-cookie', 'theme=dark; Max-Age=3600'],
      ]);
    });

    it('decodes a base64 body byte-exact', () => {
      const response = fromApiGatewayV2Result({
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        body: PNG_BYTES.toString('base64'),
        isBase64Encoded: true,
      });

      expect(response.body).toEqual(PNG_BYTES);
    });

    it('stringifies numeric and boolean header values', () => {
      const response = fromApiGatewayV2Result({ statusCode: 200, headers: { 'x-count': 3, 'x-cached': false } });

      expect(response.headers).toEqual([
        ['x-count', '3'],
        ['x-cached', 'false'],
      ]);
    });

    it('ignores multiValueHeaders, which format 2.0 does not have', () => {
      const response = fromApiGatewayV2Result({ statusCode: 204, multiValueHeaders: { 'x-tag': ['a', 'b'] } });

      expect(response).toEqual({ statusCode: 204, headers: [], body: Buffer.alloc(0) });
    });

    it('treats null fields as absent, as Java and Go serialisers send them', () => {
      const response = fromApiGatewayV2Result({
        statusCode: 404,
        headers: null,
        cookies: null,
        body: null,
        isBase64Encoded: null,
      });

      expect(response).toEqual({ statusCode: 404, headers: [], body: Buffer.alloc(0) });
    });
  });

  describe('any other JSON value (API Gateway infers 200 and application/json)', () => {
    it.each([
      ['an object without statusCode', { message: 'hi', body: 'not a structured result' }, '{"message":"hi","body":"not a structured result"}'],
      ['an array', [1, 'two'], '[1,"two"]'],
      ['a number', 42, '42'],
      ['a boolean', true, 'true'],
      ['null (a handler that returned nothing)', null, 'null'],
    ])('sends %s as its JSON text', (_case, payload, body) => {
      expect(fromApiGatewayV2Result(payload)).toEqual({
        statusCode: 200,
        headers: [['content-type', 'application/json']],
        body: Buffer.from(body, 'utf8'),
      });
    });

    it('sends a string as its content, as the AWS documentation shows', () => {
      expect(fromApiGatewayV2Result('Hello from Lambda! été').body).toEqual(Buffer.from('Hello from Lambda! été', 'utf8'));
    });
  });

  describe('an invalid result', () => {
    it.each([
      ['a string statusCode', { statusCode: '200' }, 'statusCode'],
      ['a statusCode below 100', { statusCode: 99 }, 'statusCode'],
      ['a statusCode above 599', { statusCode: 600 }, 'statusCode'],
      ['a fractional statusCode', { statusCode: 200.5 }, 'statusCode'],
      ['a null statusCode', { statusCode: null, body: 'x' }, 'statusCode'],
      ['an object body', { statusCode: 200, body: { message: 'hi' } }, 'body'],
      ['headers as an array', { statusCode: 200, headers: [['a', 'b']] }, 'headers'],
      ['a header value that is an object', { statusCode: 200, headers: { 'x-a': { b: 1 } } }, 'headers.x-a'],
      ['a header value that is an array', { statusCode: 200, headers: { 'x-a': ['1', '2'] } }, 'headers.x-a'],
      ['a header value with CR LF', { statusCode: 200, headers: { 'x-a': 'ok\r\nset-cookie: evil=1' } }, 'headers.x-a'],
      ['a header name with a space', { statusCode: 200, headers: { 'x a': '1' } }, 'headers.x a'],
      ['cookies as a string', { statusCode: 200, cookies: 'a=1' }, 'cookies'],
      ['a cookie that is not a string', { statusCode: 200, cookies: ['a=1', 2] }, 'cookies[1]'],
      ['isBase64Encoded as a string', { statusCode: 200, body: 'aGk=', isBase64Encoded: 'true' }, 'isBase64Encoded'],
      ['a base64 body that is not base64', { statusCode: 200, body: 'not base64!', isBase64Encoded: true }, 'body'],
      ['nothing at all', undefined, 'payload'],
    ])('rejects %s with InvalidLambdaResultError', (_case, payload, field) => {
      const error = errorOf(() => fromApiGatewayV2Result(payload));

      expect(error).toMatchObject({
        name: 'InvalidLambdaResultError',
        code: 'INVALID_LAMBDA_RESULT',
        payloadFormatVersion: '2.0',
        field,
      });
    });

    it('says what was wrong and what would be right', () => {
      expect(() => fromApiGatewayV2Result({ statusCode: '200' })).toThrow(
        'Invalid Lambda result (payload format 2.0): statusCode must be an integer from 100 to 599, got the string "200"',
      );
    });

    it('keeps the serialisation failure as the cause', () => {
      const error = errorOf(() => fromApiGatewayV2Result({ size: 10n }));

      expect(error.field).toBe('payload');
      expect(error.cause).toBeInstanceOf(TypeError);
    });
  });
});
