import type { IncomingMessage, ServerResponse } from 'node:http';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

// Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, and API Gateway has none to give them to.
const hopByHop = new Set(['transfer-encoding', 'connection', 'keep-alive']);

/**
 * Makes every response of `listener` one whole body, never chunked: a Lambda answers API Gateway
 * with a complete body, and the adapters that capture it (serverless-http) read a chunked one as
 * text, which corrupts binary bodies. Upstream responses without a length (the monolith's
 * streams) arrive chunked through the proxy, and their transfer-encoding header with them.
 */
export function withWholeResponses(listener: RequestListener): RequestListener {
  return (req, res) => {
    res.useChunkedEncodingByDefault = false;
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => (hopByHop.has(name.toLowerCase()) ? res : setHeader(name, value));
    listener(req, res);
  };
}
