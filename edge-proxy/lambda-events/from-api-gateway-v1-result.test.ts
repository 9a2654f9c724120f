import { describe, expect, it } from 'vitest';
import { fromApiGatewayV1Result } from './from-api-gateway-v1-result';
import { PNG_BYTES } from './incoming-http-request.builder';
import { InvalidLambdaResultError } from './invalid-lambda-result-error';

describe('fromApiGatewayV1Result', () => {
  it('uses status, headers and body of the result', () => {
    const response = fromApiGatewayV1Result({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json', 'X-Count': 2, 'X-Cached': true },
      body: '{"title":"été"}',
    });

    expect(response).toEqual({
      statusCode: 200,
      headers: [
        ['Content-Type', 'application/json'],
        ['X-Count', '2'],
        ['X-Cached', 'true'],
      ],
      body: Buffer.from('{"title":"été"}', 'utf8'),
    });
  });

  it('merges headers and multiValueHeaders, the multi-value ones winning for the same name', () => {
    const response = fromApiGatewayV1Result({
      statusCode: 200,
      headers: { 'Content-Type': 'text/plain', 'Set-Cookie': 'lost=1' },
      multiValueHeaders: { 'Set-Cookie': ['session=abc', 'theme=dark'], 'X-Retry': [1, false] },
    });

    expect(response.headers).toEqual([
      ['Content-Type', 'text/plain'],
      ['Set-Cookie', 'session=abc'],
      ['Set-Cookie', 'theme=dark'],
      ['X-Retry', '1'],
      ['X-Retry', 'false'],
    ]);
  });

  it("keeps header names that differ only in case, as aws-serverless-express sends several cookies", () => {
    const response = fromApiGatewayV1Result({
      statusCode: 200,
      headers: { 'Set-cookie': 'session=abc', 'sEt-cookie': 'theme=dark' },
    });

    expect(response.headers).toEqual([
      ['Set-cookie', 'session=abc'],
      ['sEt-cookie', 'theme=dark'],
    ]);
  });

  it('decodes a base64 body byte-exact', () => {
    const response = fromApiGatewayV1Result({ statusCode: 200, body: PNG_BYTES.toString('base64'), isBase64Encoded: true });

    expect(response.body).toEqual(PNG_BYTES);
  });

  it('sends an empty body when the result has none', () => {
    expect(fromApiGatewayV1Result({ statusCode: 204 })).toEqual({ statusCode: 204, headers: [], body: Buffer.alloc(0) });
  });

  it.each([
    ['an object without statusCode', { body: '{"message":"hi"}' }, 'statusCode'],
    ['a plain string', 'Hello from Lambda!', 'payload'],
    ['null', null, 'payload'],
    ['an array', [{ statusCode: 200 }], 'payload'],
    ['a body that is not a string', { statusCode: 200, body: { message: 'hi' } }, 'body'],
    ['multiValueHeaders values that are not an array', { statusCode: 200, multiValueHeaders: { 'X-A': 'b' } }, 'multiValueHeaders.X-A'],
    ['multiValueHeaders as an array', { statusCode: 200, multiValueHeaders: [] }, 'multiValueHeaders'],
    ['a multi-value header value with LF', { statusCode: 200, multiValueHeaders: { 'X-A': ['ok', 'a\nb'] } }, 'multiValueHeaders.X-A[1]'],
  ])('rejects %s with InvalidLambdaResultError (REST APIs infer nothing)', (_case, payload, field) => {
    expect(() => fromApiGatewayV1Result(payload)).toThrow(InvalidLambdaResultError);
    expect(() => fromApiGatewayV1Result(payload)).toThrow(expect.objectContaining({ payloadFormatVersion: '1.0', field }));
  });
});
