import { decodePercentEncoding } from './decode-percent-encoding';

/** A request target split the way API Gateway reports it. */
export interface RequestTarget {
  /** The path exactly as received, percent-encoding kept. */
  readonly rawPath: string;
  /** The query string exactly as received, without the leading '?'. */
  readonly rawQueryString: string;
  /** Decoded parameters by decoded name, in first-seen order; repeated names keep every value. */
  readonly queryParameters: ReadonlyMap<string, readonly string[]>;
}

/** Splits a raw request target ('/path?query') into raw path, raw query string and decoded parameters. */
export function parseRequestTarget(url: string): RequestTarget {
  const queryStart = url.indexOf('?');
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : url.slice(queryStart + 1);
  return { rawPath, rawQueryString, queryParameters: parseQueryString(rawQueryString) };
}

function parseQueryString(rawQueryString: string): Map<string, string[]> {
  const parameters = new Map<string, string[]>();
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    // A key without '=' (`?flag`) arrives with an empty value, as API Gateway sends it.
    const name = decodePercentEncoding(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodePercentEncoding(pair.slice(equals + 1));
    const values = parameters.get(name);
    if (values) values.push(value);
    else parameters.set(name, [value]);
  }
  return parameters;
}
