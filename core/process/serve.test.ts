import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from './serve';

/** Sends raw bytes and reads until the server closes the connection. */
function exchange(server: Server, bytes: string): Promise<string> {
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.end(bytes);
  });
}

const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as unknown;

describe('listen', () => {
  let server: Server | undefined;
  const served: string[] = [];

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    served.length = 0;
  });

  const start = async () => {
    server = await listen((req, res) => {
      served.push(req.url ?? '');
      res.end('served');
    }, 0, '127.0.0.1');
    return server;
  };

  it('answers a request smuggling attempt (Content-Length and Transfer-Encoding) with the legacy 400, then closes', async () => {
    const response = await exchange(await start(), 'POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');

    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(response).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/);
    expect(response).toMatch(/\r\nX-Request-Id: [0-9a-f-]{36}\r\n/);
    expect(response).toMatch(/\r\nConnection: close\r\n/);
    expect(bodyOf(response)).toEqual({
      error: { code: 'validation_failed', message: 'The HTTP request could not be parsed', details: [{ path: '', message: 'The HTTP request is malformed: check its request line, headers and framing' }] },
    });
    expect(served).toEqual([]);
  });

  it('answers headers over Node\u2019s limit with 431 and the legacy payload_too_large', async () => {
    const response = await exchange(await start(), `GET /x HTTP/1.1\r\nHost: a\r\nCookie: ${'c'.repeat(20_000)}\r\n\r\n`);

    expect(response).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(bodyOf(response)).toEqual({ error: { code: 'payload_too_large', message: expect.stringMatching(/^The request line and headers are larger than the limit of \d+ bytes$/) } });
  });

  it('serves a request whose Expect it does not know, rather than answering a bare 417', async () => {
    const response = await exchange(await start(), 'GET /odd HTTP/1.1\r\nHost: a\r\nExpect: x-odd\r\nConnection: close\r\n\r\n');

    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(served).toEqual(['/odd']);
  });
});
