import type { HttpResponse } from './http-response';
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
 * REST API would send for a Lambda proxy integration (payload format 1.0). Throws
 * InvalidLambdaResultError when it cannot: REST APIs infer nothing, statusCode is required.
 */
export function fromApiGatewayV1Result(payload: unknown): HttpResponse {
  if (!isJsonObject(payload)) {
    throw invalidResultError('1.0', 'payload', `the result must be an object with a statusCode, got ${describeValue(payload)}`);
  }
  const statusCode = readStatusCode(payload, '1.0');
  const multiValueHeaders = readMultiValueHeaders(payload);
  // Headers and multiValueHeaders are merged; for the same name only the multi-value values remain.
  // Names compare case-sensitively, as REST APIs do: aws-serverless-express relies on it to return
  // several cookies as 'Set-cookie', 'sEt-cookie'… in `headers`.
  const singleValueHeaders = readHeaders(payload, '1.0').filter(([name]) => !multiValueHeaders.names.has(name));
  return {
    statusCode,
    headers: [...singleValueHeaders, ...multiValueHeaders.headers],
    body: readBody(payload, '1.0'),
  };
}

function readMultiValueHeaders(result: JsonObject): { names: Set<string>; headers: Array<[string, string]> } {
  const { multiValueHeaders } = result;
  if (multiValueHeaders === undefined || multiValueHeaders === null) return { names: new Set(), headers: [] };
  if (!isJsonObject(multiValueHeaders)) {
    throw invalidResultError(
      '1.0',
      'multiValueHeaders',
      `multiValueHeaders must be an object of header name to an array of values, got ${describeValue(multiValueHeaders)}`,
    );
  }
  const headers = Object.entries(multiValueHeaders).flatMap(([name, values]): Array<[string, string]> => {
    if (!Array.isArray(values)) {
      throw invalidResultError('1.0', `multiValueHeaders.${name}`, `values must be an array, got ${describeValue(values)}`);
    }
    return values.map((value: unknown, index) => toHeader(name, value, '1.0', `multiValueHeaders.${name}[${index}]`));
  });
  return { names: new Set(Object.keys(multiValueHeaders)), headers };
}
