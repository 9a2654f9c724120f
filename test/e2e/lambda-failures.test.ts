import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionDefinition } from '../../extracted-functions/registry';
import type { LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import { fixtureFunction } from '../fixtures/functions/fixture-functions';
import { expectLegacyError } from '../support/expect-legacy-error';
import { flip, startProxy, startRuntime, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';

const authorizer = fixtureFunction('authorizer', 'allow-all-authorizer.handler.ts');

describe('the proxy answers Lambda failures in the legacy format', () => {
  let context: ServingContext;
  let runtime: LambdaRuntime | undefined;
  let proxy: EdgeProxy | undefined;

  /** Serves the auth capability with `auth` (a misbehaving function) behind the proxy. */
  async function serveAuthWith(auth: FunctionDefinition): Promise<EdgeProxy> {
    runtime = await startRuntime(context, [auth, authorizer]);
    proxy = await startProxy(context, { legacyUrl: 'http://127.0.0.1:9', lambdaEndpoint: runtime.url });
    await flip(proxy, 'auth', 'lambda');
    return proxy;
  }

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
  });

  afterEach(async () => {
    await proxy?.close();
    await runtime?.close();
    proxy = runtime = undefined;
  });

  afterAll(async () => {
    await context.dataSource.destroy();
    await context.database.dispose();
  });

  it('gives 502 upstream_error when the function throws', async () => {
    const served = await serveAuthWith(fixtureFunction('auth', 'throws.handler.ts'));
    expectLegacyError(await request(served.app).post('/api/auth/login').send({ email: 'a@b.c', password: 'x' }), 502, 'upstream_error');
  });

  it('gives 504 upstream_timeout when the function times out', async () => {
    const served = await serveAuthWith(fixtureFunction('auth', 'slow-http.handler.ts', { timeoutSeconds: 1 }));
    expectLegacyError(await request(served.app).post('/api/auth/login').send({}), 504, 'upstream_timeout');
  });

  it('gives 503 unavailable with Retry-After when the function is throttled', async () => {
    const served = await serveAuthWith(fixtureFunction('auth', 'slow-http.handler.ts', { reservedConcurrency: 1, timeoutSeconds: 5 }));
    const [first, second] = await Promise.all([
      request(served.app).post('/api/auth/login').send({}),
      request(served.app).post('/api/auth/login').send({}),
    ]);
    const throttled = [first!, second!].filter((response) => response.status === 503);
    expect(throttled).toHaveLength(1);
    expectLegacyError(throttled[0]!, 503, 'unavailable');
    expect(throttled[0]!.headers['retry-after']).toBe('1');
    expect([first!.status, second!.status]).toContain(200);
  });

  it('gives 502 when the response is over the 6 MB synchronous limit, without hanging', async () => {
    const served = await serveAuthWith(fixtureFunction('auth', 'huge-response.handler.ts'));
    // A POST: an idempotent GET would be answered by the monolith instead (fallback).
    expectLegacyError(await request(served.app).post('/api/auth/login').send({}), 502, 'upstream_error');
  });

  it('gives 502 when the function returns something that is not a proxy result', async () => {
    const served = await serveAuthWith(fixtureFunction('auth', 'malformed-result.handler.ts'));
    expectLegacyError(await request(served.app).post('/api/auth/signup').send({}), 502, 'upstream_error');
  });

  it('refuses a body over Lambda’s 6 MB payload limit with 413 before invoking anything', async () => {
    const served = await serveAuthWith(fixtureFunction('auth', 'throws.handler.ts'));
    const response = await request(served.app).post('/api/auth/signup').set('content-type', 'application/json').send(`{"name":"${'x'.repeat(7 * 1024 * 1024)}"}`);
    expectLegacyError(response, 413, 'payload_too_large');
  });

  it('gives 503 unavailable when the Lambda runtime cannot be reached', async () => {
    proxy = await startProxy(context, { legacyUrl: 'http://127.0.0.1:9', lambdaEndpoint: 'http://127.0.0.1:9' });
    await flip(proxy, 'auth', 'lambda');
    expectLegacyError(await request(proxy.app).post('/api/auth/login').send({}), 503, 'unavailable');
  });

  it('gives 503 unavailable when the monolith cannot be reached', async () => {
    proxy = await startProxy(context, { legacyUrl: 'http://127.0.0.1:9', lambdaEndpoint: 'http://127.0.0.1:9' });
    expectLegacyError(await request(proxy.app).get('/health'), 503, 'unavailable');
  });
});
