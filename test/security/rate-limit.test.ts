import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileSystem, type HostileSystem } from './hostile-system';

// The edge's per-client limits, through a real proxy in front of the real monolith. Clients are
// told apart by the address they connect from: 127.0.0.1, 127.0.0.2, ... are all this machine.

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: { code: string; message: string; details?: unknown } };
}

function call(system: HostileSystem, { path = '/health', method = 'GET', from = '127.0.0.1', headers = {}, body }: { path?: string; method?: string; from?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: system.port, path, method, localAddress: from, agent: false, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: String(res.headers['content-type']).includes('json') ? JSON.parse(text) : {} });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const statuses = async (count: number, send: () => Promise<Answer>) => {
  const answers: Answer[] = [];
  for (let index = 0; index < count; index += 1) answers.push(await send());
  return answers.map((answer) => answer.status);
};

function expectRateLimited(answer: Answer, windowSeconds: number): void {
  expect(answer.status).toBe(429);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(answer.headers['x-request-id']).toBeTruthy();
  expect(Object.keys(answer.body)).toEqual(['error']);
  expect(answer.body.error).toEqual({ code: 'rate_limited', message: expect.stringContaining('Too many') });
  const retryAfter = Number(answer.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(answer.headers.ratelimit).toMatch(/limit=\d+, remaining=0, reset=\d+/);
}

describe('rate limits at the edge', () => {
  describe('per client, with no proxy trusted', () => {
    let system: HostileSystem;

    beforeAll(async () => {
      system = await startHostileSystem({ proxy: { rateLimit: { perWindow: 5, credentialsPerWindow: 2, windowMs: 2000, trustedProxies: [] } } });
    });
    afterAll(() => system?.stop());

    it('answers the request over the limit with 429 rate_limited in the legacy format, Retry-After and RateLimit headers', async () => {
      const answers = await statuses(5, () => call(system, { from: '127.0.0.2' }));
      expect(answers).toEqual([200, 200, 200, 200, 200]);
      expectRateLimited(await call(system, { from: '127.0.0.2' }), 2);
    });

    it('counts each client on its own: one over its limit does not stop another', async () => {
      await statuses(6, () => call(system, { from: '127.0.0.3' }));
      expect((await call(system, { from: '127.0.0.3' })).status).toBe(429);
      expect((await call(system, { from: '127.0.0.4' })).status).toBe(200);
    });

    it('is not evaded by a spoofed X-Forwarded-For, Forwarded or X-Real-IP', async () => {
      let answers: number[] = [];
      for (let index = 0; index < 7; index += 1) {
        const spoof = `198.51.100.${index}`;
        answers = [...answers, (await call(system, { from: '127.0.0.5', headers: { 'x-forwarded-for': spoof, forwarded: `for=${spoof}`, 'x-real-ip': spoof } })).status];
      }
      expect(answers).toEqual([200, 200, 200, 200, 200, 429, 429]);
    });

    it('limits sign-ins more strictly than other requests, in the legacy format', async () => {
      const signIn = () => call(system, { from: '127.0.0.6', method: 'POST', path: '/api/auth/login', body: JSON.stringify({ email: 'guess@example.com', password: 'guess' }) });
      expect(await statuses(2, signIn)).toEqual([401, 401]);
      const limited = await signIn();
      expectRateLimited(limited, 2);
      expect(limited.body.error?.message).toContain('sign-ups and sign-ins');
      expect((await call(system, { from: '127.0.0.6' })).status).toBe(200);
    });

    it('counts the dashboard’s sign-in form among the sign-ins', async () => {
      const guess = () =>
        call(system, { from: '127.0.0.9', method: 'POST', path: '/_strangler/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=guessed-admin-token-0123456789' });
      const answers = await statuses(2, guess);
      expect(answers.every((status) => status !== 429)).toBe(true);
      expectRateLimited(await guess(), 2);
    });

    it('lets a client in again once its window has passed', async () => {
      await statuses(6, () => call(system, { from: '127.0.0.7' }));
      const limited = await call(system, { from: '127.0.0.7' });
      expect(limited.status).toBe(429);
      await sleep(Number(limited.headers['retry-after']) * 1000 + 100);
      expect((await call(system, { from: '127.0.0.7' })).status).toBe(200);
    });

    it('covers the admin API too, before any credential is checked', async () => {
      const guess = () => call(system, { from: '127.0.0.8', path: '/_strangler/api/flags', headers: { authorization: 'Bearer guessed-admin-token-0123456789' } });
      expect(await statuses(5, guess)).toEqual([401, 401, 401, 401, 401]);
      expectRateLimited(await guess(), 2);
    });
  });

  describe('behind a trusted proxy', () => {
    let system: HostileSystem;

    beforeAll(async () => {
      system = await startHostileSystem({ proxy: { rateLimit: { perWindow: 3, credentialsPerWindow: 0, windowMs: 60_000, trustedProxies: ['127.0.0.9'] } } });
    });
    afterAll(() => system?.stop());

    it('counts the clients the trusted proxy names in X-Forwarded-For, each on its own', async () => {
      const viaLoadBalancer = (client: string) => call(system, { from: '127.0.0.9', headers: { 'x-forwarded-for': client } });
      expect(await statuses(4, () => viaLoadBalancer('203.0.113.1'))).toEqual([200, 200, 200, 429]);
      expect((await viaLoadBalancer('203.0.113.2')).status).toBe(200);
    });

    it('still ignores X-Forwarded-For from a peer it does not trust', async () => {
      const direct = (client: string) => call(system, { from: '127.0.0.10', headers: { 'x-forwarded-for': client } });
      expect(await statuses(4, () => direct(`203.0.113.${Math.floor(Math.random() * 200) + 10}`))).toEqual([200, 200, 200, 429]);
    });
  });

  describe('off (the default)', () => {
    let system: HostileSystem;

    beforeAll(async () => {
      system = await startHostileSystem();
    });
    afterAll(() => system?.stop());

    it('adds no limit and no RateLimit headers', async () => {
      const answers = await Promise.all(Array.from({ length: 40 }, () => call(system, {})));
      expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200]));
      expect(answers[0]?.headers.ratelimit).toBeUndefined();
    });
  });
});
