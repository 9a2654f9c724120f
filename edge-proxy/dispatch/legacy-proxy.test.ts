import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/create-logger';
import { listen, serverUrl } from '../../core/process/serve';
import { assignEdgeRequestId } from '../http/request-id';
import { createLegacyProxy } from './legacy-proxy';

/** A real upstream that reports what reached it. */
function startUpstream() {
  const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const streamsCut: string[] = [];
  const held = { received: 0, cut: 0 };
  let connections = 0;
  const server = createServer((req, res) => {
    if (req.url === '/hold') {
      // Answers only once its client is gone, which it counts.
      held.received++;
      res.once('close', () => held.cut++);
      return;
    }
    if (req.url === '/endless') {
      // A long answer, a chunk every 20 ms, until its reader goes away.
      const drip = setInterval(() => res.write('chunk\n'), 20);
      res.once('close', () => {
        clearInterval(drip);
        if (!res.writableEnded) streamsCut.push(req.url!);
      });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return;
    }
    if (req.url === '/refuse-early') {
      // As the monolith refuses an oversized upload: answers at once, reads the rest, then hangs up
      // mid-upload. The monolith lingers 5 s (legacy-errors.middleware.ts); 50 ms still cuts the
      // upload, and leaves a loaded machine time to read the answer first: a reset that arrives
      // before the answer was read destroys it in TCP itself, which no proxy can relay (5 ms did).
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' }).end('{"refused":true}', () => setTimeout(() => req.destroy(), 50));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === '/slow') return setTimeout(() => res.end('late'), 1_000);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', connection: 'keep-alive, x-upstream-secret', 'keep-alive': 'timeout=5', 'x-upstream-secret': 'hop' });
      res.end(JSON.stringify({ ok: true, bytes: Buffer.concat(chunks).length }));
    });
  });
  server.on('connection', () => connections++);
  return { server, seen, streamsCut, held, connections: () => connections };
}

const silent = createLogger('test', 'silent');

/** A bare server that sends everything through the legacy proxy to `target`. */
async function proxyTo(target: string, timeoutMs = 5_000): Promise<Server> {
  const proxy = createLegacyProxy({ target, timeoutMs, logger: silent, routeOf: () => 'unmatched' });
  const server = await listen((req, res) => {
    assignEdgeRequestId(req, res);
    void proxy(req, res);
  }, 0, '127.0.0.1');
  server.on('close', () => proxy.close());
  return server;
}

describe('the legacy proxy', () => {
  const upstream = startUpstream();
  let proxy: Server;

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
    proxy = await proxyTo(serverUrl(upstream.server));
  });

  afterAll(() => {
    proxy.close();
    upstream.server.close();
  });

  it('relays an answer the monolith sent before the request body ended, even when it then hangs up', async () => {
    const outcomes = new Set<string>();
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await fetch(`${serverUrl(proxy)}/refuse-early`, { method: 'POST', body: Buffer.alloc(64 * 1024 * 1024) });
      outcomes.add(`${response.status} ${await response.text()}`);
    }

    expect([...outcomes]).toEqual(['413 {"refused":true}']);
  });

  it('strips hop-by-hop headers in both directions', async () => {
    const response = await request(serverUrl(proxy))
      .get('/x')
      .set('Connection', 'close, X-Client-Secret')
      .set('X-Client-Secret', 'hop')
      .set('TE', 'trailers')
      .set('Proxy-Authorization', 'Basic Zm9vOmJhcg==')
      .set('Upgrade', 'websocket')
      .expect(200);
    const received = upstream.seen.at(-1)!.headers;
    for (const name of ['x-client-secret', 'te', 'proxy-authorization', 'upgrade']) expect(received[name], name).toBeUndefined();
    // The client's "close" concerned its own connection: the pooled upstream one stays open.
    expect(received.connection ?? '').not.toMatch(/close/i);
    expect(response.headers['x-upstream-secret']).toBeUndefined();
    expect(response.headers['keep-alive']).toBeUndefined();
  });

  it('sets X-Forwarded-For from the socket, ignoring what the client claims', async () => {
    await request(serverUrl(proxy)).get('/x').set('X-Forwarded-For', '6.6.6.6').set('Forwarded', 'for=6.6.6.6').set('X-Real-IP', '6.6.6.6').expect(200);
    const received = upstream.seen.at(-1)!.headers;
    expect(received['x-forwarded-for']).toBe('127.0.0.1');
    expect(received.forwarded).toBeUndefined();
    expect(received['x-real-ip']).toBeUndefined();
  });

  it('passes the request id on', async () => {
    const response = await request(serverUrl(proxy)).get('/x').set('X-Request-Id', 'abc-123').expect(200);
    expect(upstream.seen.at(-1)!.headers['x-request-id']).toBe('abc-123');
    expect(response.headers['x-request-id']).toBe('abc-123');
  });

  it('passes the request id on even when the client lists it in Connection', async () => {
    await request(serverUrl(proxy)).get('/x').set('Connection', 'keep-alive, X-Request-Id').set('X-Request-Id', 'abc-456').expect(200);
    expect(upstream.seen.at(-1)!.headers['x-request-id']).toBe('abc-456');
  });

  it('streams request bodies through without parsing them', async () => {
    const body = JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) });
    const response = await request(serverUrl(proxy)).post('/upload').set('content-type', 'application/json').send(body).expect(200);
    expect(response.body.bytes).toBe(Buffer.byteLength(body));
  });

  it('reuses upstream connections (keep-alive)', async () => {
    const before = upstream.connections();
    for (let i = 0; i < 20; i++) await request(serverUrl(proxy)).get('/x').expect(200);
    expect(upstream.connections() - before).toBeLessThanOrEqual(2);
  });

  it('lets go of the monolith\u2019s answer when the client hangs up halfway through it', async () => {
    const aborted = new AbortController();
    const response = await fetch(`${serverUrl(proxy)}/endless`, { signal: aborted.signal });
    const reader = response.body!.getReader();
    await reader.read();
    aborted.abort();

    await expect.poll(() => upstream.streamsCut, { timeout: 2_000 }).toEqual(['/endless']);
  });

  it('lets go of the monolith\u2019s connection when the client hangs up before it answers', async () => {
    const aborted = new AbortController();
    const answered = fetch(`${serverUrl(proxy)}/hold`, { signal: aborted.signal }).catch(() => 'aborted');
    await expect.poll(() => upstream.held.received, { timeout: 2_000 }).toBe(1);
    aborted.abort();
    await answered;

    // Well before the proxy's 5 s timeout: a pooled connection is not held for nothing.
    await expect.poll(() => upstream.held.cut, { timeout: 2_000 }).toBe(1);
  });

  it('answers 504 upstream_timeout when the monolith is too slow', async () => {
    const impatient = await proxyTo(serverUrl(upstream.server), 200);
    try {
      const response = await request(serverUrl(impatient)).get('/slow').expect(504);
      expect(response.body.error.code).toBe('upstream_timeout');
    } finally {
      impatient.close();
    }
  });

  it('answers 503 unavailable with Retry-After when the monolith is down', async () => {
    const orphan = await proxyTo('http://127.0.0.1:9');
    try {
      const response = await request(serverUrl(orphan)).post('/api/auth/login').send({ a: 1 }).expect(503);
      expect(response.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
      expect(response.headers['retry-after']).toBe('1');
    } finally {
      orphan.close();
    }
  });
});
