import { get, type OutgoingHttpHeaders, type RequestListener } from 'node:http';
import { stateChange } from '../../core/flags/flag-test-kit';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/auth/auth-test-kit';
import { UnavailableError, UpstreamError, UpstreamTimeoutError } from '../../core/errors/app-error';
import { InMemoryFlagStore } from '../../core/flags/adapters/in-memory-flag.store';
import { listen, serverUrl } from '../../core/process/serve';
import { expectLegacyError } from '../../test/support/expect-legacy-error';
import { proxyAppOver } from '../edge-dispatch-test-kit';
import { PNG_BYTES } from '../lambda-events/incoming-http-request.builder';
import type { FunctionInvoker, InvokedFor } from './lambda-invoker';
import { createLegacyLambdaDispatch } from './legacy-lambda-dispatch';

const ok = { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"ok":true}' };

/** Fake functions: records every invocation and answers with `answer` (a result, or a thrown failure). */
class FakeFunctions implements FunctionInvoker {
  readonly invocations: Array<{ functionName: string; event: APIGatewayProxyEvent; requestId: string; route: string }> = [];

  constructor(private readonly answer: (functionName: string) => unknown = () => ok) {}

  async invoke(functionName: string, event: unknown, { requestId, route }: InvokedFor): Promise<unknown> {
    this.invocations.push({ functionName, event: event as APIGatewayProxyEvent, requestId, route });
    return this.answer(functionName);
  }

  lastEvent(): APIGatewayProxyEvent {
    return this.invocations.at(-1)!.event;
  }
}

/** A header of an event whatever the client's spelling of its name. */
const headerOf = (event: APIGatewayProxyEvent, name: string) =>
  Object.entries(event.headers).find(([key]) => key.toLowerCase() === name)?.[1];

/** The proxy app with the monolith served by the `legacy-monolith` function; `auth` may be flipped to its own Lambda. */
async function proxyServedBy(functions: FakeFunctions, { authOnLambda = false } = {}) {
  const clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'));
  const store = new InMemoryFlagStore();
  if (authOnLambda) {
    await store.change(stateChange({ scope: 'capability', name: 'auth', fromState: 'legacy', toState: 'lambda', reason: 'test', actor: 'test', expectedVersion: 0, at: clock.now() }));
  }
  const legacy = { kind: 'lambda' as const, dispatch: createLegacyLambdaDispatch({ invoker: functions, functionName: 'legacy-monolith', clock }) };
  return (await proxyAppOver({ functions, legacy, store, clock })).app;
}

/** Sends a GET with repeated header lines, which supertest's API does not offer; answers the status. */
async function getWithHeaders(app: RequestListener, path: string, headers: OutgoingHttpHeaders): Promise<number> {
  const server = await listen(app, 0, '127.0.0.1');
  try {
    return await new Promise<number>((resolve, reject) => {
      get(`${serverUrl(server)}${path}`, { headers }, (response) => {
        response.resume().on('end', () => resolve(response.statusCode ?? 0));
      }).on('error', reject);
    });
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

describe('the legacy Lambda dispatch', () => {
  it('invokes the legacy function with a REST API (payload 1.0) event, and no authorizer, for a protected route', async () => {
    const functions = new FakeFunctions();
    const app = await proxyServedBy(functions);

    await request(app)
      .get('/api/videos/v%C3%A9-1?tag=a&limit=5&tag=b&q=x+y')
      .set('Authorization', 'Bearer t-1')
      .set('X-Request-Id', 'req-42')
      .expect(200, { ok: true });

    expect(functions.invocations).toHaveLength(1);
    expect(functions.invocations[0]).toMatchObject({ functionName: 'legacy-monolith', requestId: 'req-42', route: 'videos.get' });
    const event = functions.lastEvent();
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/api/videos/v%C3%A9-1',
      httpMethod: 'GET',
      pathParameters: { proxy: 'api/videos/v%C3%A9-1' },
      queryStringParameters: { tag: 'b', limit: '5', q: 'x+y' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], limit: ['5'], q: ['x+y'] },
      body: null,
      isBase64Encoded: false,
      requestContext: { httpMethod: 'GET', path: '/api/videos/v%C3%A9-1', requestId: 'req-42', resourcePath: '/{proxy+}', requestTimeEpoch: 1795428000000 },
    });
    expect(headerOf(event, 'authorization')).toBe('Bearer t-1');
    expect(headerOf(event, 'x-request-id')).toBe('req-42');
    expect(event.requestContext.authorizer).toBeUndefined();
  });

  it('serves every path the monolith owns: / as the root resource, unknown paths through {proxy+}', async () => {
    const functions = new FakeFunctions();
    const app = await proxyServedBy(functions);

    await request(app).get('/').expect(200);
    await request(app).post('/nowhere/at/all').expect(200);

    expect(functions.invocations.map(({ functionName, event }) => [functionName, event.resource, event.pathParameters])).toEqual([
      ['legacy-monolith', '/', null],
      ['legacy-monolith', '/{proxy+}', { proxy: 'nowhere/at/all' }],
    ]);
  });

  it('leaves a route flipped to Lambda to its own function', async () => {
    const functions = new FakeFunctions();
    const app = await proxyServedBy(functions, { authOnLambda: true });

    await request(app).post('/api/auth/login').send({ email: 'a@b.c', password: 'x' }).expect(200);
    await request(app).get('/api/videos').expect(200);

    expect(functions.invocations.map(({ functionName, event }) => [functionName, (event as unknown as { version?: string }).version])).toEqual([
      ['auth', '2.0'],
      ['legacy-monolith', undefined],
    ]);
  });

  it('states the client from the socket and strips hop-by-hop headers and forwarding claims', async () => {
    const functions = new FakeFunctions();
    const app = await proxyServedBy(functions);

    await request(app)
      .get('/api/videos')
      .set('Connection', 'close, X-Client-Secret')
      .set('X-Client-Secret', 'hop')
      .set('TE', 'trailers')
      .set('X-Forwarded-For', '6.6.6.6')
      .set('Forwarded', 'for=6.6.6.6')
      .expect(200);

    const event = functions.lastEvent();
    for (const name of ['connection', 'x-client-secret', 'te', 'forwarded']) expect(headerOf(event, name), name).toBeUndefined();
    expect(headerOf(event, 'x-forwarded-for')).toMatch(/127\.0\.0\.1/);
    expect(headerOf(event, 'x-forwarded-proto')).toBe('http');
    expect(event.requestContext.identity.sourceIp).toMatch(/127\.0\.0\.1/);
  });

  it('passes a repeated header as REST APIs do: every value in multiValueHeaders, the last in headers', async () => {
    const functions = new FakeFunctions();
    const app = await proxyServedBy(functions);

    expect(await getWithHeaders(app, '/api/videos', { 'X-Tag': ['a', 'b'] })).toBe(200);

    expect(functions.lastEvent().multiValueHeaders['X-Tag']).toEqual(['a', 'b']);
    expect(functions.lastEvent().headers['X-Tag']).toBe('b');
  });

  it('passes the Cookie header among the headers, with no cookies field', async () => {
    const functions = new FakeFunctions();
    const app = await proxyServedBy(functions);

    await request(app).get('/api/videos').set('Cookie', 'session=abc; theme=dark').expect(200);

    expect(headerOf(functions.lastEvent(), 'cookie')).toBe('session=abc; theme=dark');
    expect(functions.lastEvent()).not.toHaveProperty('cookies');
  });

  it('base64-encodes a binary request body, such as a multipart upload', async () => {
    const functions = new FakeFunctions();
    const app = await proxyServedBy(functions);

    await request(app).post('/api/videos').set('Authorization', 'Bearer t-1').attach('file', PNG_BYTES, 'still.png').expect(200);

    const event = functions.lastEvent();
    expect(event.isBase64Encoded).toBe(true);
    expect(headerOf(event, 'content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(Buffer.from(event.body ?? '', 'base64').includes(PNG_BYTES)).toBe(true);
  });

  it('answers with the result: status, headers, every Set-Cookie of multiValueHeaders and a base64 body decoded', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    const functions = new FakeFunctions(() => ({
      statusCode: 206,
      headers: { 'content-type': 'video/mp4', 'content-range': 'bytes 0-255/1000', connection: 'keep-alive', 'content-length': '1' },
      multiValueHeaders: { 'set-cookie': ['session=new; Path=/; HttpOnly', 'theme=light; Path=/'] },
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    }));
    const app = await proxyServedBy(functions);

    const response = await request(app).get('/api/videos/v-1/renditions/720p').set('X-Request-Id', 'req-7').buffer(true).expect(206);

    expect(Buffer.from(response.body as Buffer)).toEqual(bytes);
    expect(response.headers).toMatchObject({ 'content-type': 'video/mp4', 'content-range': 'bytes 0-255/1000', 'content-length': '256', 'x-request-id': 'req-7' });
    expect(response.headers['set-cookie']).toEqual(['session=new; Path=/; HttpOnly', 'theme=light; Path=/']);
    expect(response.headers.connection).not.toBe('keep-alive');
  });

  it('returns cookies aws-serverless-express spells in different letter cases as separate Set-Cookie headers', async () => {
    const functions = new FakeFunctions(() => ({ statusCode: 200, headers: { 'Set-cookie': 'session=new', 'sEt-cookie': 'theme=light' }, body: '' }));
    const app = await proxyServedBy(functions);

    const response = await request(app).get('/api/users/me').expect(200);

    expect(response.headers['set-cookie']).toEqual(['session=new', 'theme=light']);
  });

  it.each([
    ['502 upstream_error when the function fails', new UpstreamError('The service failed to answer: try again'), 502, 'upstream_error'],
    ['504 upstream_timeout when the function times out', new UpstreamTimeoutError('The service did not answer in time'), 504, 'upstream_timeout'],
    ['503 unavailable when the function is throttled', new UnavailableError('The service is busy: try again in a moment', 1), 503, 'unavailable'],
  ])('answers %s, in the legacy format', async (_case, failure, status, code) => {
    const functions = new FakeFunctions(() => {
      throw failure;
    });
    const app = await proxyServedBy(functions);

    const response = await request(app).get('/api/videos').set('X-Request-Id', 'req-9');

    expectLegacyError(response, status, code);
    expect(response.headers['x-request-id']).toBe('req-9');
  });

  it('answers 502 upstream_error when the function returns something that is no REST API result', async () => {
    const functions = new FakeFunctions(() => ({ body: '{"videos":[]}' }));
    const app = await proxyServedBy(functions);

    expectLegacyError(await request(app).get('/api/videos'), 502, 'upstream_error');
  });

  it('refuses a body larger than Lambda accepts with 413, without invoking anything', async () => {
    const functions = new FakeFunctions();
    const app = await proxyServedBy(functions);

    const response = await request(app).post('/api/videos').set('content-type', 'application/octet-stream').send(Buffer.alloc(6 * 1024 * 1024 + 1));

    expectLegacyError(response, 413, 'payload_too_large');
    expect(functions.invocations).toHaveLength(0);
  });
});
