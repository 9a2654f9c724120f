import type { HttpResponse } from './http-response';
import { InvalidLambdaResultError } from './invalid-lambda-result-error';
import {
  describeValue,
  invalidResultError,
  isJsonObject,
  readBody,
  readHeaders,
  readStatusCode,
  toHeader,
  type JsonObject,
} from './read-lambda-result-fields';

/**
 * Turns what a Lambda returned (its Invoke payload, JSON-parsed) into the response an API Gateway
 * HTTP API would send for payload format 2.0. Throws InvalidLambdaResultError when it cannot.
 */
export function fromApiGatewayV2Result(payload: unknown): HttpResponse {
  // An object with a statusCode is a structured result; any other JSON value is the body itself.
  if (isJsonObject(payload) && 'statusCode' in payload) return fromStructuredResult(payload);
  return inferJsonResponse(payload);
}

function fromStructuredResult(result: JsonObject): HttpResponse {
  const statusCode = readStatusCode(result, '2.0');
  // multiValueHeaders is a format 1.0 field: HTTP APIs ignore it in 2.0 results.
  const headers = readHeaders(result, '2.0');
  const cookies = readCookies(result).map((cookie, index) => toHeader('set-cookie', cookie, '2.0', `cookies[${index}]`));
  return { statusCode, headers: [...headers, ...cookies], body: readBody(result, '2.0') };
}

// Each cookie becomes its own set-cookie header, so several cookies survive.
function readCookies(result: JsonObject): string[] {
  const { cookies } = result;
  if (cookies === undefined || cookies === null) return [];
  if (!Array.isArray(cookies)) {
    throw invalidResultError('2.0', 'cookies', `cookies must be an array of Set-Cookie strings, got ${describeValue(cookies)}`);
  }
  return cookies.map((cookie: unknown, index) => {
    if (typeof cookie !== 'string') {
      throw invalidResultError('2.0', `cookies[${index}]`, `each cookie must be a string, got ${describeValue(cookie)}`);
    }
    return cookie;
  });
}

// API Gateway's documented inference: 200, application/json, the JSON as body. A JSON string is sent
// as its content ('"Hello from Lambda!"' → Hello from Lambda!), every other value as its JSON text.
function inferJsonResponse(payload: unknown): HttpResponse {
  const body = typeof payload === 'string' ? payload : toJsonText(payload);
  return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body, 'utf8') };
}

function toJsonText(payload: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (error) {
    throw new InvalidLambdaResultError(
      { payloadFormatVersion: '2.0', field: 'payload', message: 'the result cannot be serialised as JSON' },
      { cause: error },
    );
  }
  if (text === undefined || (typeof payload === 'number' && !Number.isFinite(payload))) {
    throw invalidResultError('2.0', 'payload', `the result must be a JSON value, got ${describeValue(payload)}`);
  }
  return text;
}
