import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import serverless from 'serverless-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWholeResponses } from './whole-responses';

// Bytes that look like chunk framing (CR LF, hex digits) and are not UTF-8.
const video = Buffer.from([0x00, 0x0d, 0x0a, 0xff, 0x30, 0x0d, 0x0a, 0x80, 0x41]);

function eventFor(rawPath: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { host: 'api.example.org' },
    requestContext: {
      accountId: '111122223333',
      apiId: 'api',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'request-1',
      routeKey: '$default',
      stage: '$default',
      time: '06/May/2024:07:08:09 +0000',
      timeEpoch: 1714979289000,
    },
    isBase64Encoded: false,
  };
}

describe('withWholeResponses behind serverless-http', () => {
  let upstream: Server;
  let handle: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      // Written in two pieces without a length: Node sends it chunked.
      res.writeHead(200, { 'content-type': req.url === '/json' ? 'application/json' : 'video/mp4' });
      if (req.url === '/json') res.end('{"title":"été"}');
      else res.write(video.subarray(0, 4), () => res.end(video.subarray(4)));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const app = express().use(createProxyMiddleware({ target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` }));
    const wrapped = serverless(withWholeResponses(app), { binary: true });
    handle = async (event, context) => (await wrapped(event, context)) as APIGatewayProxyStructuredResultV2;
  });
  afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

  const bodyOf = (result: APIGatewayProxyStructuredResultV2) => Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');

  it('passes a binary body streamed without a length through byte for byte', async () => {
    const result = await handle(eventFor('/rendition.mp4'), {} as Context);
    expect(bodyOf(result).equals(video)).toBe(true);
  });

  it('passes a non-ASCII JSON body streamed without a length through unchanged', async () => {
    expect(bodyOf(await handle(eventFor('/json'), {} as Context)).toString('utf8')).toBe('{"title":"été"}');
  });

  it('answers without hop-by-hop headers', async () => {
    const result = await handle(eventFor('/rendition.mp4'), {} as Context);
    expect(Object.keys(result.headers ?? {})).not.toEqual(expect.arrayContaining(['transfer-encoding']));
    expect(result.headers?.connection).toBeUndefined();
  });
});
