/**
 * Percent-decodes one path or query component. `+` stays `+`: API Gateway decodes as RFC 3986, not as
 * an HTML form. A malformed sequence (e.g. `%E0%A4%A`) leaves the component as received instead of
 * failing the whole request.
 */
export function decodePercentEncoding(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch (error) {
    if (error instanceof URIError) return component;
    throw error;
  }
}
