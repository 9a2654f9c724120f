import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors/app-error';

/** Default limit of a JSON request body; uploads are multipart and not bound by it. */
export const defaultJsonBodyLimitBytes = 100 * 1024;

export interface JsonBodyHeaders {
  contentType?: string;
  contentEncoding?: string;
}

const jsonMediaType = /^application\/(?:[\w.+-]+\+)?json$/i;

/** Whether a Content-Type header announces JSON (`application/json`, `application/*+json`). */
export function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0]?.trim() ?? '';
  return jsonMediaType.test(mediaType);
}

/** The error for a body over the limit, identical wherever the limit is enforced. */
export function bodyTooLargeError(limitBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body is larger than the limit of ${limitBytes} bytes`);
}

/** The error for a compressed request body, which no side of the legacy API accepts. */
export function unsupportedContentEncodingError(encoding: string): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(`Content-Encoding '${encoding}' is not supported: send the body uncompressed`);
}

/**
 * Decodes a JSON request body the same way on every side (monolith and Lambdas), so both
 * answer bad bodies identically. An absent or empty body decodes to `{}`: the route's
 * validation then names the missing fields.
 */
export function decodeJsonBody(body: Buffer, headers: JsonBodyHeaders, limitBytes: number): unknown {
  if (body.length > limitBytes) throw bodyTooLargeError(limitBytes);
  if (body.length === 0) return {};
  const encoding = headers.contentEncoding?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') throw unsupportedContentEncodingError(encoding);
  if (!isJsonContentType(headers.contentType)) {
    throw new UnsupportedMediaTypeError('Send the request body as JSON with Content-Type: application/json');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ValidationError([{ path: '', message: 'The request body is not valid UTF-8' }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError([{ path: '', message: 'The request body is not valid JSON' }]);
  }
}
