import { isUtf8 } from 'node:buffer';

/** A request body as a proxy event carries it. */
export interface EncodedRequestBody {
  /** Undefined when the request had no body. */
  readonly body: string | undefined;
  readonly isBase64Encoded: boolean;
}

const TEXT_MEDIA_TYPES = new Set([
  'application/json',
  'application/xml',
  'application/x-www-form-urlencoded',
  'application/javascript',
]);
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * Encodes a request body for a proxy event: text-like UTF-8 bytes as the string itself, anything else
 * base64 with `isBase64Encoded: true`. A string is only produced when it converts back to the very
 * same bytes, so no body is ever altered on its way to the Lambda.
 */
export function encodeRequestBody(body: Buffer, contentType: string | undefined): EncodedRequestBody {
  if (body.length === 0) return { body: undefined, isBase64Encoded: false };
  // isUtf8 rejects what toString('utf8') would silently replace with U+FFFD; toString keeps a BOM.
  if (isTextLike(contentType) && isUtf8(body)) return { body: body.toString('utf8'), isBase64Encoded: false };
  return { body: body.toString('base64'), isBase64Encoded: true };
}

function isTextLike(contentType: string | undefined): boolean {
  // Without a content type the bytes decide: valid UTF-8 is sent as text.
  if (contentType === undefined || contentType.trim() === '') return true;
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"(.*)"$/, '$1');
  // Text in another charset (UTF-16…) would be unreadable as a UTF-8 string: send the bytes.
  if (charset !== undefined && !UTF8_CHARSETS.has(charset)) return false;
  return (
    mediaType.startsWith('text/') ||
    TEXT_MEDIA_TYPES.has(mediaType) ||
    mediaType.endsWith('+json') ||
    mediaType.endsWith('+xml')
  );
}
