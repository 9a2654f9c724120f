import { InvalidLambdaResultError, type PayloadFormatVersion } from './invalid-lambda-result-error';

export type JsonObject = Record<string, unknown>;

// Node's own rules (validateHeaderName / validateHeaderValue): anything else would make
// res.setHeader throw in the proxy, or split the response (CR/LF).
const HEADER_NAME = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const INVALID_HEADER_VALUE_CHARACTER = /[^\t\x20-\x7e\x80-\xff]/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `statusCode`: an integer HTTP status from 100 to 599. */
export function readStatusCode(result: JsonObject, format: PayloadFormatVersion): number {
  const { statusCode } = result;
  if (typeof statusCode === 'number' && Number.isInteger(statusCode) && statusCode >= 100 && statusCode <= 599) {
    return statusCode;
  }
  throw invalidResultError(
    format,
    'statusCode',
    `statusCode must be an integer from 100 to 599, got ${describeValue(statusCode)}`,
  );
}

/** Reads the single-value `headers` map; numbers and booleans become strings. Null counts as absent. */
export function readHeaders(result: JsonObject, format: PayloadFormatVersion): Array<[string, string]> {
  const { headers } = result;
  if (headers === undefined || headers === null) return [];
  if (!isJsonObject(headers)) {
    throw invalidResultError(
      format,
      'headers',
      `headers must be an object of header name to value, got ${describeValue(headers)}`,
    );
  }
  return Object.entries(headers).map(([name, value]) => toHeader(name, value, format, `headers.${name}`));
}

/** Validates one response header and turns a number or boolean value into its string. */
export function toHeader(name: string, value: unknown, format: PayloadFormatVersion, field: string): [string, string] {
  if (!HEADER_NAME.test(name)) {
    throw invalidResultError(format, field, `header name ${JSON.stringify(name)} is not a valid HTTP token`);
  }
  const isScalar =
    typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
  if (!isScalar) {
    throw invalidResultError(format, field, `header values must be a string, number or boolean, got ${describeValue(value)}`);
  }
  const text = String(value);
  if (INVALID_HEADER_VALUE_CHARACTER.test(text)) {
    throw invalidResultError(format, field, 'header value contains a control character (CR, LF, NUL…) or one above U+00FF');
  }
  return [name, text];
}

/** Reads `body` (string, absent or null) and base64-decodes it when `isBase64Encoded` is true. */
export function readBody(result: JsonObject, format: PayloadFormatVersion): Buffer {
  const { body, isBase64Encoded } = result;
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    throw invalidResultError(format, 'isBase64Encoded', `isBase64Encoded must be a boolean, got ${describeValue(isBase64Encoded)}`);
  }
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== 'string') {
    throw invalidResultError(format, 'body', `body must be a string (JSON.stringify objects first), got ${describeValue(body)}`);
  }
  if (isBase64Encoded !== true) return Buffer.from(body, 'utf8');
  // Buffer.from(…, 'base64') silently skips bad characters: check first so a broken body is a 502, not garbage.
  if (!BASE64.test(body)) {
    throw invalidResultError(format, 'body', 'body is marked isBase64Encoded but is not valid base64');
  }
  return Buffer.from(body, 'base64');
}

/** Builds the error for one bad field of a result. */
export function invalidResultError(
  format: PayloadFormatVersion,
  field: string,
  message: string,
): InvalidLambdaResultError {
  return new InvalidLambdaResultError({ payloadFormatVersion: format, field, message });
}

/** A short, safe description of a value for error messages (never the whole of a long string). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}
