import type { ComparedHeader } from './parity-rules';

const collapseSpaces = (value: string): string => value.trim().replace(/\s+/g, ' ');

// Only the media type and charset change how a client reads the body; case and spacing do not.
function normalizeContentType(value: string): string {
  const [mediaType = '', ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.replace(/\s+/g, '').startsWith('charset='));
  if (charset === undefined) return mediaType;
  const charsetValue = charset.slice(charset.indexOf('=') + 1).trim().replace(/^"(.*)"$/, '$1');
  return `${mediaType}; charset=${charsetValue}`;
}

// Directive names are case-insensitive and their order has no meaning (RFC 9111, 5.2).
function normalizeCacheControl(value: string): string {
  return value
    .split(',')
    .map((directive) => directive.trim().toLowerCase().replace(/\s*=\s*/, '='))
    .filter((directive) => directive !== '')
    .sort()
    .join(', ');
}

/** A compared header's value in the form two equivalent values share; undefined when absent. */
export function normalizeHeader(name: ComparedHeader, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (name === 'content-type') return normalizeContentType(value);
  if (name === 'cache-control') return normalizeCacheControl(value);
  return collapseSpaces(value);
}
