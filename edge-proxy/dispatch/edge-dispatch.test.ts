import { Agent, get, type Server } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../core/auth/auth-test-kit';
import { UpstreamError } from '../../core/errors/app-error';
import { InMemoryFlagStore } from '../../core/flags/adapters/in-memory-flag.store';
import type { FlagState } from '../../core/flags/flag';
import { settingOf, stateChange } from '../../core/flags/flag-test-kit';
import type { FlagChangeRequest } from '../../core/flags/flag.store';
import { createLogger } from '../../core/logging/create-logger';
import { listen, serverUrl } from '../../core/process/serve';
import { inCanary } from '../../core/rollout/canary-bucket';
import { expectLegacyError } from '../../test/support/expect-legacy-error';
import { anApiGatewayV2Event } from '../../extracted-functions/shared/api-gateway-event.builder';
import { proxyAppOver } from '../edge-dispatch-test-kit';
import { serveBehindApiGateway } from '../http/serve-behind-api-gateway';
import type { AnsweredRequest } from '../shadow/shadow-traffic';
import type { EdgeDispatchDeps } from './edge-dispatch';
import type { FunctionInvoker } from './lambda-invoker';
import { createLegacyProxy } from './legacy-proxy';

const silent = createLogger('test', 'silent');
const clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'));

/** The route functions' answer; the monolith's says `servedBy: 'legacy'`, so a client can tell who served it. */
const lambdaAnswer = { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"servedBy":"lambda"}' };

/** Fake functions: the authorizer lets every token in, the route functions answer `answer` (a result, or a thrown failure). */
class FakeFunctions implements FunctionInvoker {
  /** The names of the functions invoked, in order. */
  readonly invocations: string[] = [];

  constructor(private readonly answer: () => unknown = () => lambdaAnswer) {}

  async invoke(functionName: string): Promise<unknown> {
    this.invocations.push(functionName);
    if (functionName === 'authorizer') return { isAuthorized: true, context: { userId: 'u-1' } };
    return this.answer();
  }

  invoked(functionName: string): number {
    return this.invocations.filter((name) => name === functionName).length;
  }
}

/** A tiny monolith: answers every request with what reached it, and remembers it. */
async function startMonolith() {
  const received: Array<{ method: string; url: string; body: string }> = [];
  const server = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString() };
      received.push(seen);
      res.statusCode = req.url === '/api/auth/signup' ? 201 : 200;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ servedBy: 'legacy', ...seen, user: { id: 'u-new' } }));
    });
  }, 0, '127.0.0.1');
  return { url: serverUrl(server), received, close: () => closeServer(server) };
}

function closeServer(server: Server): void {
  server.close();
  server.closeAllConnections();
}

/** An unverified token naming `sub`: the edge only decodes it to pick a side. */
const tokenOf = (sub: string) => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({ sub })}.c2lnbmF0dXJl`;
};

const authFlag = (toState: FlagState, canaryPercent?: number): FlagChangeRequest =>
  stateChange({ scope: 'capability', name: 'auth', fromState: 'legacy', toState, canaryPercent, reason: 'test', actor: 'test', expectedVersion: 0, at: clock.now() });

let monolith: Awaited<ReturnType<typeof startMonolith>>;
const stopEdges: Array<() => void> = [];

beforeAll(async () => {
  monolith = await startMonolith();
});

/** The edge, listening, over `functions` and the tiny monolith, with `flags` set; mirrors are recorded, not sent. */
async function startEdge(flags: FlagChangeRequest[], functions = new FakeFunctions(), shadowSampler?: EdgeDispatchDeps['shadowSampler']) {
  const store = new InMemoryFlagStore();
  for (const flag of flags) await store.change(flag);
  const mirrored: AnsweredRequest[] = [];
  const legacy = { kind: 'http' as const, proxy: createLegacyProxy({ target: monolith.url, timeoutMs: 5_000, logger: silent, routeOf: () => 'unmatched' }) };
  const { app, traffic } = await proxyAppOver({ functions, legacy, store, clock, shadows: { mirror: (answered) => void mirrored.push(answered) }, shadowSampler });
  const server = await listen(app, 0, '127.0.0.1');
  stopEdges.push(() => {
    closeServer(server);
    legacy.proxy.close();
  });
  /** Resolves once the edge has recorded `count` requests (records are written when a response closes). */
  const recorded = (count: number) => vi.waitFor(() => expect(traffic).toHaveLength(count));
  return { url: serverUrl(server), traffic, mirrored, functions, recorded };
}

afterEach(() => {
  stopEdges.splice(0).forEach((stop) => stop());
  monolith.received.length = 0;
});
afterAll(() => monolith.close());

describe('the edge dispatch: canary', () => {
  // Node's own client over pooled keep-alive connections: several times faster than fetch for 10,000 requests.
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  afterAll(() => agent.destroy());

  const whoServes = (url: string, token: string | undefined) =>
    new Promise<string>((resolve, reject) => {
      const headers = token ? { authorization: `Bearer ${token}` } : {};
      get(`${url}/api/users/me`, { agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString()) as { servedBy: string }).servedBy));
      }).on('error', reject);
    });

  /** Sends GET /api/users/me for each token (or anonymously), 32 at a time; answers who served each. */
  async function servedBy(url: string, tokens: Array<string | undefined>): Promise<string[]> {
    const served: string[] = [];
    for (let start = 0; start < tokens.length; start += 32) served.push(...(await Promise.all(tokens.slice(start, start + 32).map((token) => whoServes(url, token)))));
    return served;
  }

  it('sends its share of clients to the Lambda, each client always to the same side', async () => {
    const edge = await startEdge([authFlag('canary', 25)]);
    const tokens = Array.from({ length: 10_000 }, (_, index) => tokenOf(`user-${index}`));

    const first = await servedBy(edge.url, tokens);
    await edge.recorded(tokens.length);
    const recordedOnLambda = edge.traffic.filter((observation) => observation.target === 'lambda').length;
    const sample = Array.from({ length: 200 }, (_, index) => index * 50);
    const again = await servedBy(edge.url, sample.map((index) => tokens[index]));

    const lambdaShare = (recordedOnLambda / tokens.length) * 100;
    expect(lambdaShare).toBeGreaterThanOrEqual(23);
    expect(lambdaShare).toBeLessThanOrEqual(27);
    expect(first.filter((side) => side === 'lambda')).toHaveLength(recordedOnLambda);
    expect(again).toEqual(sample.map((index) => first[index]));
  }, 30_000);

  it('buckets anonymous clients by their address: all from one address on one side', async () => {
    const edge = await startEdge([authFlag('canary', 25)]);
    const expected = inCanary('auth', 'address:127.0.0.1', 25) ? 'lambda' : 'legacy';

    await servedBy(edge.url, Array.from({ length: 50 }, () => undefined));
    await edge.recorded(50);

    expect(new Set(edge.traffic.map((observation) => observation.target))).toEqual(new Set([expected]));
  });
});

describe('the edge dispatch: fallback to the monolith', () => {
  it.each([
    ['throws', () => Promise.reject(new UpstreamError('The service failed to answer: try again')), 502],
    ['answers 500', () => ({ statusCode: 500, body: '{"error":{"code":"internal","message":"boom"}}' }), 500],
  ])('answers an idempotent request without a body from the monolith when its function %s', async (_case, answer, lambdaStatus) => {
    const edge = await startEdge([authFlag('lambda')], new FakeFunctions(answer));

    const response = await request(edge.url).get('/api/users/me').set('Authorization', `Bearer ${tokenOf('ada')}`).expect(200);
    await edge.recorded(2);

    expect(response.body).toMatchObject({ servedBy: 'legacy' });
    expect(monolith.received).toEqual([{ method: 'GET', url: '/api/users/me', body: '' }]);
    expect(edge.traffic.map(({ routeId, target, status }) => ({ routeId, target, status }))).toEqual([
      { routeId: 'auth.me', target: 'lambda', status: lambdaStatus },
      { routeId: 'auth.me', target: 'legacy', status: 200 },
    ]);
    expect(edge.functions.invoked('auth')).toBe(1);
  });

  it('never sends a write again: a failed login is a 502, and the monolith never hears of it', async () => {
    const edge = await startEdge([authFlag('lambda')], new FakeFunctions(() => Promise.reject(new UpstreamError('The service failed to answer: try again'))));

    const response = await request(edge.url).post('/api/auth/login').send({ email: 'ada@example.com', password: 'correct horse' });
    await edge.recorded(1);

    expectLegacyError(response, 502, 'upstream_error');
    expect(monolith.received).toEqual([]);
    expect(edge.functions.invoked('auth')).toBe(1);
  });

  it('never sends a GET with a body again', async () => {
    const edge = await startEdge([authFlag('lambda')], new FakeFunctions(() => Promise.reject(new UpstreamError('The service failed to answer: try again'))));

    const response = await request(edge.url).get('/api/users/me').set('Authorization', `Bearer ${tokenOf('ada')}`).set('Content-Type', 'text/plain').send('a body');
    await edge.recorded(1);

    expectLegacyError(response, 502, 'upstream_error');
    expect(monolith.received).toEqual([]);
    expect(edge.functions.invoked('auth')).toBe(1);
  });

  it('answers a request the authorizer refuses with 401 itself, as API Gateway does: a refusal is no failure to fall back from', async () => {
    const edge = await startEdge([authFlag('lambda')]);

    const response = await request(edge.url).get('/api/users/me');

    expectLegacyError(response, 401, 'unauthorized');
    expect(monolith.received).toEqual([]);
    await edge.recorded(1);
    expect(edge.traffic).toMatchObject([{ routeId: 'auth.me', target: 'lambda', status: 401 }]);
  });
});

describe('the edge dispatch: shadow traffic', () => {
  const bearer = { Authorization: `Bearer ${tokenOf('ada')}` };
  const signup = { email: 'ada@example.com', password: 'correct horse', name: 'Ada' };

  it('in shadow, answers from the monolith, then mirrors the request with the response the client received', async () => {
    const edge = await startEdge([authFlag('shadow')]);

    const response = await request(edge.url).get('/api/users/me').set(bearer).buffer(true).expect(200);
    await edge.recorded(1);

    expect(edge.mirrored).toHaveLength(1);
    const [mirror] = edge.mirrored;
    expect(mirror!.primary).toMatchObject({ target: 'legacy', status: 200, bodyTruncated: false });
    expect(mirror!.primary.body.toString()).toBe(response.text);
    expect(mirror!.shadow).toEqual({ target: 'lambda', policy: { mode: 'mirror' } });
    expect(mirror!.request).toMatchObject({ method: 'GET', url: '/api/users/me' });
    expect(mirror!.request.body).toHaveLength(0);
    expect(edge.functions.invocations).toEqual([]);
  });

  it('in shadow, mirrors a signup with the body the monolith also received whole', async () => {
    const edge = await startEdge([authFlag('shadow')]);

    await request(edge.url).post('/api/auth/signup').send(signup).expect(201);
    await edge.recorded(1);

    expect(monolith.received).toEqual([{ method: 'POST', url: '/api/auth/signup', body: JSON.stringify(signup) }]);
    expect(edge.mirrored).toHaveLength(1);
    expect(edge.mirrored[0]!.request.body.toString()).toBe(JSON.stringify(signup));
    expect(edge.mirrored[0]!.primary).toMatchObject({ target: 'legacy', status: 201 });
    expect(edge.mirrored[0]!.shadow.policy).toMatchObject({ mode: 'dry-run', primaryCreates: { resource: 'user', idPointer: '/user/id' } });
  });

  it('in canary, mirrors the clients the monolith serves and not those the Lambda serves', async () => {
    const edge = await startEdge([authFlag('canary', 50)]);
    const tokens = Array.from({ length: 40 }, (_, index) => tokenOf(`user-${index}`));

    const served = await Promise.all(tokens.map(async (token) => (await request(edge.url).get('/api/users/me').set('Authorization', `Bearer ${token}`).expect(200)).body.servedBy as string));
    await edge.recorded(tokens.length);

    const authorizationOf = (answered: AnsweredRequest) => answered.request.rawHeaders[answered.request.rawHeaders.findIndex((name) => name.toLowerCase() === 'authorization') + 1];
    const legacyServed = tokens.filter((_, index) => served[index] === 'legacy').map((token) => `Bearer ${token}`);
    expect(legacyServed.length).toBeGreaterThan(0);
    expect(legacyServed.length).toBeLessThan(tokens.length);
    expect(edge.mirrored.map(authorizationOf).sort()).toEqual(legacyServed.sort());
    expect(edge.mirrored.every((answered) => answered.primary.target === 'legacy' && answered.shadow.target === 'lambda')).toBe(true);
  });

  it('in lambda with reverse shadow, mirrors reads to the monolith but never writes', async () => {
    const reverseShadow: FlagChangeRequest = { ...authFlag('lambda'), to: { ...settingOf('lambda'), reverseShadow: true } };
    const edge = await startEdge([reverseShadow]);

    await request(edge.url).get('/api/users/me').set(bearer).expect(200, { servedBy: 'lambda' });
    await request(edge.url).post('/api/auth/login').send({ email: signup.email, password: signup.password }).expect(200);
    await edge.recorded(2);

    expect(edge.mirrored.map(({ matched, primary, shadow }) => [matched.route.id, primary.target, shadow.target])).toEqual([['auth.me', 'lambda', 'legacy']]);
    expect(edge.mirrored[0]!.primary.body.toString()).toBe(lambdaAnswer.body);
    expect(monolith.received).toEqual([]);
  });

  it('mirrors only the requests the sampler picks, and answers the others alike', async () => {
    const sampled: string[] = [];
    const edge = await startEdge([authFlag('shadow')], new FakeFunctions(), { take: (routeId) => sampled.push(routeId) === 1 });

    const answers = [];
    for (let index = 0; index < 3; index++) answers.push((await request(edge.url).get('/api/users/me').set(bearer).buffer(true).expect(200)).text);
    await edge.recorded(3);

    expect(sampled).toEqual(['auth.me', 'auth.me', 'auth.me']);
    expect(edge.mirrored).toHaveLength(1);
    expect(edge.mirrored[0]!.primary.body.toString()).toBe(answers[0]);
    expect(new Set(answers).size).toBe(1);
    expect(edge.traffic.map(({ routeId, target, status }) => [routeId, target, status])).toEqual(Array(3).fill(['auth.me', 'legacy', 200]));
  });

  it('asks the sampler only about routes in shadow', async () => {
    const sampled: string[] = [];
    const edge = await startEdge([authFlag('legacy')], new FakeFunctions(), { take: (routeId) => sampled.push(routeId) > 0 });

    await request(edge.url).get('/api/users/me').set(bearer).expect(200);
    await edge.recorded(1);

    expect(sampled).toEqual([]);
    expect(edge.mirrored).toEqual([]);
  });

  it('never mirrors a write with external effects (read-back routes)', async () => {
    const edge = await startEdge([stateChange({ scope: 'capability', name: 'transcoding', fromState: 'legacy', toState: 'shadow', reason: 'test', actor: 'test', expectedVersion: 0, at: clock.now() })]);

    await request(edge.url).post('/api/videos/v-1/transcode').set(bearer).send({ presets: ['720p'] }).expect(200);
    await request(edge.url).get('/api/presets').set(bearer).expect(200);
    await edge.recorded(2);

    expect(edge.mirrored.map(({ matched }) => matched.route.id)).toEqual(['transcoding.presets']);
  });

  it('never changes the bytes a client receives', async () => {
    /** Status, headers but the date, and body bytes of a read and a write, under a fixed request id. */
    const exchange = async (url: string) => {
      const read = await request(url).get('/api/users/me').set(bearer).set('X-Request-Id', 'req-1').buffer(true);
      const write = await request(url).post('/api/auth/signup').set('X-Request-Id', 'req-2').send(signup).buffer(true);
      return [read, write].map(({ status, headers, text }) => ({ status, headers: { ...headers, date: undefined }, text }));
    };
    const legacyEdge = await startEdge([authFlag('legacy')]);
    const shadowEdge = await startEdge([authFlag('shadow')]);

    const withoutShadow = await exchange(legacyEdge.url);
    const withShadow = await exchange(shadowEdge.url);
    await shadowEdge.recorded(2);

    expect(shadowEdge.mirrored).toHaveLength(2);
    expect(withShadow).toEqual(withoutShadow);
  });
});

describe('the edge dispatch: paths the route table does not know', () => {
  it('sends them to the monolith and records nothing', async () => {
    const edge = await startEdge([authFlag('canary', 50)]);

    await request(edge.url).get('/somewhere/else?x=1').expect(200, { servedBy: 'legacy', method: 'GET', url: '/somewhere/else?x=1', body: '', user: { id: 'u-new' } });
    // A known route afterwards: once it is recorded, anything the unknown path recorded would be too.
    await request(edge.url).get('/health').expect(200);
    await edge.recorded(1);

    expect(edge.traffic.map(({ routeId }) => routeId)).toEqual(['platform.health']);
  });
});

describe('the edge dispatch as a Lambda (serverless-http: no socket, no raw headers)', () => {
  /** The edge as edge-proxy.lambda.ts serves it, over the fake functions and the tiny monolith. */
  async function lambdaEdge(flags: FlagChangeRequest[]) {
    const store = new InMemoryFlagStore();
    for (const flag of flags) await store.change(flag);
    const mirrored: AnsweredRequest[] = [];
    const legacy = { kind: 'http' as const, proxy: createLegacyProxy({ target: monolith.url, timeoutMs: 5_000, logger: silent, routeOf: () => 'unmatched' }) };
    const { app, traffic } = await proxyAppOver({ functions: new FakeFunctions(), legacy, store, clock, shadows: { mirror: (answered) => void mirrored.push(answered) } });
    stopEdges.push(() => legacy.proxy.close());
    const serve = serveBehindApiGateway(app);
    const call = (event: APIGatewayProxyEventV2) => serve(event, {} as Context) as Promise<{ statusCode: number }>;
    return { call, traffic, mirrored };
  }
  const me = anApiGatewayV2Event({ routeKey: 'GET /api/users/me', headers: { authorization: `Bearer ${tokenOf('ada')}` } });

  it('records a request the Lambda answered with its status, not as failed', async () => {
    const edge = await lambdaEdge([authFlag('lambda')]);

    expect((await edge.call(me)).statusCode).toBe(200);

    await vi.waitFor(() => expect(edge.traffic.map(({ target, status }) => [target, status])).toEqual([['lambda', 200]]));
  });

  it('mirrors what the monolith answered in shadow', async () => {
    const edge = await lambdaEdge([authFlag('shadow')]);

    expect((await edge.call(me)).statusCode).toBe(200);

    await vi.waitFor(() => expect(edge.traffic.map(({ target, status }) => [target, status])).toEqual([['legacy', 200]]));
    expect(edge.mirrored).toHaveLength(1);
  });
});
