import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import serverless from 'serverless-http';
import { withWholeResponses } from './whole-responses';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Node's flat [name, value, …] list of parsed headers, a repeated header once per value. */
function rawHeadersOf(headers: IncomingHttpHeaders): string[] {
  return Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [value].flat().flatMap((one) => [name, String(one)])));
}

/**
 * `listener` as a Lambda handler for API Gateway's HTTP API: every body base64 (API Gateway decodes
 * it, so binary and JSON reach the customer byte for byte), every response whole, and the request's
 * rawHeaders filled in, which serverless-http leaves empty while the proxy forwards from them.
 */
export function serveBehindApiGateway(listener: RequestListener): serverless.Handler {
  return serverless(withWholeResponses(listener), {
    binary: true,
    request: (req: IncomingMessage) => {
      if (req.rawHeaders.length === 0) req.rawHeaders = rawHeadersOf(req.headers);
    },
  });
}
