import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectHealthy, expectRawLegacyError, sendRaw, startHostileSystem, type HostileSystem } from './hostile-system';

// Bytes no well-behaved client sends: request smuggling, obs-fold, bad framing, bad bytes, oversize
// headers. Node's parser refuses most before any route runs; both servers must still answer in the
// legacy format, close the connection, and carry on serving everyone else.

const body = '{"email":"a@example.com","password":"correct horse"}';
const login = (headers: string, payload = body) => `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${headers}\r\n${payload}`;

const malformed: [string, string | Buffer][] = [
  ['Content-Length together with Transfer-Encoding (CL.TE smuggling)', login(`Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n`, `0\r\n\r\nGET /api/users/me HTTP/1.1\r\nHost: localhost\r\n\r\n`)],
  ['Transfer-Encoding before Content-Length (TE.CL smuggling)', login(`Transfer-Encoding: chunked\r\nContent-Length: 4\r\n`, `5c\r\nGPOST / HTTP/1.1\r\n\r\n0\r\n\r\n`)],
  ['two different Content-Lengths', login(`Content-Length: ${body.length}\r\nContent-Length: 5\r\n`)],
  ['a Transfer-Encoding that does not end in chunked', login('Transfer-Encoding: chunked, identity\r\n')],
  ['an obfuscated Transfer-Encoding (xchunked)', login('Transfer-Encoding: xchunked\r\n')],
  ['a header folded over two lines (obs-fold)', `GET /api/users/me HTTP/1.1\r\nHost: localhost\r\nX-Folded: first\r\n second\r\n\r\n`],
  ['whitespace between a header name and its colon', login(`Content-Length : ${body.length}\r\n`)],
  ['a chunk size that is not hexadecimal', login('Transfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n')],
  ['a negative Content-Length', login('Content-Length: -1\r\n')],
  ['a NUL byte in a header value', `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Evil: a\u0000b\r\n\r\n`],
  ['a raw 0xFF byte in the request target', Buffer.concat([Buffer.from('GET /api/videos/'), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\n\r\n')])],
  ['a method with characters no method has', 'G@T /health HTTP/1.1\r\nHost: localhost\r\n\r\n'],
  ['an HTTP version that does not exist', 'GET /health HTTP/9.9\r\nHost: localhost\r\n\r\n'],
  ['an HTTP/2 preface sent to an HTTP/1.1 server', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
];

describe('hostile bytes on the wire', () => {
  let system: HostileSystem;
  const servers = [
    { name: 'edge proxy', port: () => system.port },
    { name: 'monolith', port: () => Number(new URL(system.monolithUrl).port) },
  ];

  beforeAll(async () => {
    system = await startHostileSystem();
  });
  afterAll(() => system?.stop());
  afterEach(() => expectHealthy(system));

  describe.each(servers)('$name', ({ port }) => {
    it.each(malformed)('answers 400 validation_failed, once, and closes the connection for %s', async (_name, bytes) => {
      const response = await sendRaw(port(), bytes);
      expectRawLegacyError(response, 400, 'validation_failed');
      expect(response.headers.connection).toBe('close');
    });

    it('answers 431 payload_too_large for headers over Node\u2019s limit (a 20 KB cookie)', async () => {
      const response = await sendRaw(port(), `GET /api/users/me HTTP/1.1\r\nHost: localhost\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`);
      expectRawLegacyError(response, 431, 'payload_too_large');
    });

    it('answers 431 payload_too_large for a 20 KB request target', async () => {
      const response = await sendRaw(port(), `GET /api/videos/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      expectRawLegacyError(response, 431, 'payload_too_large');
    });
  });

  it('routes an absolute-form target naming the cloud metadata host by its path, never to that host', async () => {
    const response = await sendRaw(system.port, 'GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n');
    expectRawLegacyError(response, 404, 'not_found');
  });

  it('answers a smuggling attempt once: the request hidden in the body never runs', async () => {
    const hidden = `GET /api/users/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${system.customer.token}\r\n\r\n`;
    const response = await sendRaw(system.port, login(`Content-Length: ${4 + hidden.length}\r\nTransfer-Encoding: chunked\r\n`, `0\r\n\r\n${hidden}`));
    expect(response.responseCount).toBe(1);
    expect(response.body).not.toContain(system.customer.userId);
  });

  it('serves a header value of invalid UTF-8 bytes as the opaque bytes it is (401 for such a token)', async () => {
    const bytes = Buffer.concat([Buffer.from('GET /api/users/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer '), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('\r\n\r\n')]);
    expectRawLegacyError(await sendRaw(system.port, bytes), 401, 'unauthorized');
  });
});
