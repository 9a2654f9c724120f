import type { IncomingHttpHeaders, Server } from 'node:http';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen, serverUrl } from '../../core/process/serve';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import { expectLegacyError } from '../support/expect-legacy-error';
import { startProxy } from '../support/serving-modes';
import { adminToken, expectHealthy, sendRaw, startHostileSystem, type HostileSystem } from './hostile-system';

// Header abuse: hop-by-hop headers, spoofed client and host headers, odd expectations. First what
// customers see through the proxy in front of the real monolith, then what the proxy hands on to
// its upstream (a recording upstream in the monolith's place).

describe('hostile headers', () => {
  let system: HostileSystem;
  const me = () => request(system.url).get('/api/users/me').set('authorization', `Bearer ${system.customer.token}`);

  beforeAll(async () => {
    system = await startHostileSystem();
  });
  afterAll(() => system?.stop());
  afterEach(() => expectHealthy(system));

  it('serves a spoofed Host as usual, echoing it nowhere', async () => {
    const response = await me().set('host', 'evil.example');
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.headers)).not.toContain('evil.example');
  });

  it('answers an Upgrade to WebSocket with the ordinary response, never 101', async () => {
    const response = await me().set('connection', 'Upgrade').set('upgrade', 'websocket').set('sec-websocket-key', 'dGhlIHNhbXBsZSBub25jZQ==').set('sec-websocket-version', '13');
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(system.customer.userId);
  });

  it('answers 401 unauthorized when the client marks its own Authorization hop-by-hop', async () => {
    expectLegacyError(await me().set('connection', 'keep-alive, Authorization'), 401, 'unauthorized');
  });

  it('answers a body whose Content-Length is marked hop-by-hop in the legacy format, without hanging', async () => {
    const response = await request(system.url).post('/api/auth/login').set('connection', 'content-length').send({ email: 'nobody@example.com', password: 'wrong password' });
    expectLegacyError(response, 401, 'invalid_credentials');
  });

  it('keeps one request id end to end when the client marks X-Request-Id hop-by-hop', async () => {
    const response = await request(system.url).post('/api/auth/login').set('connection', 'x-request-id').set('x-request-id', 'trace-123').send({});
    expectLegacyError(response, 400, 'validation_failed');
    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('serves a request with an expectation it does not know instead of a bare 417', async () => {
    // Raw bytes: Node's HTTP client sends the headers the moment Expect is set.
    const response = await sendRaw(system.port, `GET /api/users/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${system.customer.token}\r\nExpect: x-something-odd\r\nConnection: close\r\n\r\n`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).id).toBe(system.customer.userId);
  });

  it('does not take the admin token from Proxy-Authorization (401 unauthorized)', async () => {
    expectLegacyError(await request(system.url).get('/_strangler/api/flags').set('proxy-authorization', `Bearer ${adminToken}`), 401, 'unauthorized');
  });

  it('ignores X-HTTP-Method-Override: a GET stays a read', async () => {
    const response = await request(system.url).get('/api/notifications/subscriptions').set('authorization', `Bearer ${system.customer.token}`).set('x-http-method-override', 'DELETE');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ subscriptions: [] });
  });

  it('serves a request carrying 500 junk headers', async () => {
    const call = me();
    for (let index = 0; index < 500; index += 1) call.set(`x-junk-${index}`, 'j'.repeat(10));
    expect((await call).status).toBe(200);
  });

  describe('what reaches the upstream', () => {
    let upstream: Server;
    let proxy: EdgeProxy;
    let proxyServer: Server;
    let seen: IncomingHttpHeaders[] = [];
    const lastSeen = () => seen.at(-1) ?? {};
    const viaProxy = () => request(serverUrl(proxyServer)).get('/api/videos');

    beforeAll(async () => {
      upstream = await listen((req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', connection: 'x-upstream-secret', 'x-upstream-secret': 'internal' });
        res.end('{"videos":[],"nextCursor":null}');
      }, 0, '127.0.0.1');
      proxy = await startProxy(system.context, { legacyUrl: serverUrl(upstream), lambdaEndpoint: 'http://127.0.0.1:9' });
      proxyServer = await listen(proxy.app, 0, '127.0.0.1');
    });
    afterAll(async () => {
      for (const server of [proxyServer, upstream]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await proxy.close();
    });
    afterEach(() => {
      seen = [];
    });

    it('replaces a spoofed X-Forwarded-For with the address the client connected from', async () => {
      await viaProxy().set('x-forwarded-for', '10.0.0.1, 169.254.169.254').expect(200);
      expect(lastSeen()['x-forwarded-for']).toBe('127.0.0.1');
    });

    it('drops spoofed Forwarded and X-Real-IP, and states the protocol itself', async () => {
      await viaProxy().set('forwarded', 'for=10.0.0.1;proto=https').set('x-real-ip', '10.0.0.1').set('x-forwarded-proto', 'https').expect(200);
      expect(lastSeen()).not.toHaveProperty('forwarded');
      expect(lastSeen()).not.toHaveProperty('x-real-ip');
      expect(lastSeen()['x-forwarded-proto']).toBe('http');
    });

    it('drops the headers a client names in Connection', async () => {
      await viaProxy().set('connection', 'close, X-Internal-Secret').set('x-internal-secret', 'let-me-in').expect(200);
      expect(lastSeen()).not.toHaveProperty('x-internal-secret');
    });

    it('drops the standard hop-by-hop headers: Proxy-Authorization, TE, Keep-Alive, Proxy-Connection, Upgrade', async () => {
      await viaProxy().set('proxy-authorization', 'Basic YWRtaW46YWRtaW4=').set('te', 'trailers').set('keep-alive', 'timeout=999999').set('proxy-connection', 'keep-alive').set('upgrade', 'h2c').expect(200);
      for (const name of ['proxy-authorization', 'te', 'keep-alive', 'proxy-connection', 'upgrade']) expect(lastSeen()).not.toHaveProperty(name);
    });

    it('drops the headers the upstream names in its own Connection header before answering the client', async () => {
      const response = await viaProxy().expect(200);
      expect(response.headers).not.toHaveProperty('x-upstream-secret');
    });
  });
});
