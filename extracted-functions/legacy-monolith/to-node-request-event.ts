import type { APIGatewayProxyEvent } from 'aws-lambda';

/** An event whose header and query values may be lists, as http.request and url.format accept them. */
type NodeRequestEvent = Omit<APIGatewayProxyEvent, 'headers' | 'queryStringParameters'> & {
  headers: Record<string, string | string[]>;
  queryStringParameters: Record<string, string | string[] | undefined> | null;
};

// Framing belongs to the request aws-serverless-express sends the app: it sets Content-Length from
// the decoded body, and the client's Transfer-Encoding beside it would make Node's parser refuse
// the request (400).
const droppedHeaders = new Set(['connection', 'keep-alive', 'content-length', 'transfer-encoding']);

// What may appear raw in a path (RFC 3986 pchar and '/'), '%' included so encoded input stays as is.
const escapedInPath = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu;

/**
 * Prepares a REST API (payload 1.0) event for aws-serverless-express, which reads only the last value
 * of each header and query parameter (`headers`, `queryStringParameters`) and hands `path` to
 * http.request as it is.
 */
export function toNodeRequestEvent(event: APIGatewayProxyEvent): NodeRequestEvent {
  return {
    ...event,
    path: encodeRequestPath(event.path),
    headers: {
      ...toMultiValueHeaders(event),
      // A fresh connection per invocation: a pooled one may have been closed by the app's keep-alive
      // timer while the sandbox was frozen, which fails the next request (aws/aws-lambda-web-adapter#40).
      connection: 'close',
    },
    // url.format writes each value of a list as its own `name=value` pair.
    queryStringParameters: event.multiValueQueryStringParameters ?? event.queryStringParameters,
  };
}

// http.request sends each value of a list as its own header line, as the client sent them; a single
// value stays a string, which some headers must be (Host).
function toMultiValueHeaders({ headers, multiValueHeaders }: APIGatewayProxyEvent): Record<string, string | string[]> {
  const fields = new Map<string, [string, string[]]>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) fields.set(name.toLowerCase(), [name, [value]]);
  }
  for (const [name, values] of Object.entries(multiValueHeaders ?? {})) {
    if (values !== undefined) fields.set(name.toLowerCase(), [name, values]);
  }
  return Object.fromEntries(
    [...fields].filter(([key]) => !droppedHeaders.has(key)).map(([, [name, values]]) => [name, values.length === 1 ? values[0]! : values]),
  );
}

// A REST API passes the path decoded ('/api/videos/été 1'), the edge proxy as received. http.request
// refuses spaces and characters above U+00FF and would send U+0080–U+00FF as Latin-1: percent-encode
// them as UTF-8 (a lone surrogate as U+FFFD, where encodeURIComponent would throw).
function encodeRequestPath(path: string): string {
  return path.replace(escapedInPath, (character) =>
    [...Buffer.from(character, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
