import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen, serverUrl } from '../../core/process/serve';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import { findFunction } from '../../extracted-functions/registry';
import type { LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import type { Monolith } from '../../legacy-app/compose-monolith';
import { contractRequest } from '../support/contract-request';
import { signUpCustomer, waitUntil, type Customer } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { controllable, setFunctionFault, type FaultMode } from '../support/faults/function-fault';
import { createMonolith, flip, startProxy, startRuntime, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

// Throttling, an unreachable runtime and oversized answers are covered by test/e2e/lambda-failures.test.ts,
// automatic rollback over the error threshold by test/e2e/progressive-delivery.test.ts. Here: the
// real auth function made to misbehave at run time, and what customers see while it does.


describe('a misbehaving auth function behind the proxy', () => {
  let context: ServingContext;
  let monolith: Monolith;
  let monolithServer: Server;
  let runtime: LambdaRuntime;
  let proxy: EdgeProxy;
  let customer: Customer;
  /** `METHOD /path` of what reached the monolith since the last reset. */
  let monolithSaw: string[] = [];
  /** The registry's timeout: the wrapper loads the real code in the first invocation, which needs it on a busy machine. */
  let functionTimeoutSeconds: number;

  const api = () => contractRequest(proxy.app);
  const setAuthFault = (mode: FaultMode) => setFunctionFault(context.database.config.dataDir, 'auth', { mode });

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    monolith = await createMonolith(context);
    monolithServer = await listen((req, res) => {
      monolithSaw.push(`${req.method} ${req.url}`);
      monolith.app(req, res);
    }, 0, '127.0.0.1');
    const auth = findFunction('auth')!;
    functionTimeoutSeconds = auth.timeoutSeconds;
    runtime = await startRuntime(context, [...controllable([auth]), findFunction('authorizer')!]);
    proxy = await startProxy(context, { legacyUrl: serverUrl(monolithServer), lambdaEndpoint: runtime.url });
    await flip(proxy, 'auth', 'lambda');
    // The function's first invocation may still be loading its code on a busy machine: a customer retries.
    customer = await waitUntil(() => signUpCustomer(proxy.app).catch(() => undefined), (signedUp) => signedUp !== undefined, 60_000, 500).then((signedUp) => signedUp!);
  });

  beforeEach(() => {
    setAuthFault('ok');
    monolithSaw = [];
  });

  afterAll(async () => {
    await proxy?.close();
    await runtime?.close();
    await new Promise((resolve) => monolithServer?.close(resolve));
    await monolith?.stop();
    await context?.dataSource.destroy();
    await context?.database.dispose();
  });

  it('serves auth from the function while it behaves', async () => {
    await customer.get('/api/users/me').expect(200);
    expect(monolithSaw).toEqual([]);
  });

  it('gives 502 upstream_error for a login when the function returns garbage, and never sends the login twice', async () => {
    setAuthFault('garbage');
    expectLegacyError(await api().post('/api/auth/login').send({ email: 'nobody@example.com', password: 'whatever!' }), 502, 'upstream_error');
    expect(monolithSaw).toEqual([]);
  });

  it('answers /api/users/me from the monolith when the function returns garbage (fallback for idempotent routes)', async () => {
    setAuthFault('garbage');
    const me = await customer.get('/api/users/me').expect(200);
    expect(me.body.id).toBe(customer.userId);
    expect(monolithSaw).toEqual(['GET /api/users/me']);
  });

  it('gives 502 upstream_error for a signup when the function throws', async () => {
    setAuthFault('throw');
    expectLegacyError(await api().post('/api/auth/signup').send({ email: 'thrown@example.com', password: 'correct horse', name: 'T' }), 502, 'upstream_error');
    expect(monolithSaw).toEqual([]);
  });

  it('gives 504 upstream_timeout for a login when the function hangs, once its timeout has passed and not much later', async () => {
    setAuthFault('hang');
    const startedAt = Date.now();
    expectLegacyError(await api().post('/api/auth/login').send({ email: 'nobody@example.com', password: 'whatever!' }), 504, 'upstream_timeout');
    const elapsedMs = Date.now() - startedAt;
    expect(elapsedMs).toBeGreaterThanOrEqual(functionTimeoutSeconds * 1000 - 100);
    expect(elapsedMs).toBeLessThan(functionTimeoutSeconds * 1000 + 3000);
  }, 30_000);

  it('answers /api/users/me from the monolith when the function hangs, after the function’s timeout', async () => {
    setAuthFault('hang');
    const me = await customer.get('/api/users/me').expect(200);
    expect(me.body.id).toBe(customer.userId);
    expect(monolithSaw).toEqual(['GET /api/users/me']);
  }, 30_000);

  it('recovers as soon as the function behaves again, without a restart', async () => {
    setAuthFault('throw');
    expectLegacyError(await api().post('/api/auth/login').send({ email: 'nobody@example.com', password: 'whatever!' }), 502, 'upstream_error');
    setAuthFault('ok');
    expectLegacyError(await api().post('/api/auth/login').send({ email: 'nobody@example.com', password: 'whatever!' }), 401, 'invalid_credentials');
    await customer.get('/api/users/me').expect(200);
    expect(monolithSaw).toEqual([]);
  });
});
