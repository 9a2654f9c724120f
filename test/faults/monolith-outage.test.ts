import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen, serverUrl } from '../../core/process/serve';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import type { Monolith } from '../../legacy-app/compose-monolith';
import { contractRequest } from '../support/contract-request';
import { signUpCustomer, type Customer } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { startTcpRelay, type TcpRelay } from '../support/faults/tcp-relay';
import { createMonolith, startProxy, testAdminToken, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

const legacyTimeoutMs = 1_000;

describe('the monolith down, restarting or slow behind the proxy', () => {
  let context: ServingContext;
  let monolith: Monolith;
  let monolithServer: Server;
  let relay: TcpRelay;
  let proxy: EdgeProxy;
  let customer: Customer;

  const api = () => contractRequest(proxy.app);
  const admin = () => request(proxy.app).get('/_strangler/api/flags').set('authorization', `Bearer ${testAdminToken}`);

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    monolith = await createMonolith(context);
    monolithServer = await listen(monolith.app, 0, '127.0.0.1');
    relay = await startTcpRelay({ host: '127.0.0.1', port: Number(new URL(serverUrl(monolithServer)).port) });
    proxy = await startProxy(context, { legacyUrl: `http://${relay.address}`, lambdaEndpoint: 'http://127.0.0.1:9' }, { legacyTimeoutMs });
    customer = await signUpCustomer(proxy.app);
  });

  afterEach(async () => {
    relay.setLatency(0);
    await relay.setMode('pass');
  });

  afterAll(async () => {
    await proxy?.close();
    await relay?.close();
    await new Promise((resolve) => monolithServer?.close(resolve));
    await monolith?.stop();
    await context?.dataSource.destroy();
    await context?.database.dispose();
  });

  it('answers 503 unavailable with Retry-After while nothing listens, keeps its own admin API up, and recovers by itself', async () => {
    await relay.setMode('refuse');
    relay.dropAll();
    const down = await api().get('/api/users/me').set('authorization', `Bearer ${customer.token}`);
    expectLegacyError(down, 503, 'unavailable');
    expect(down.headers['retry-after']).toBe('1');
    expectLegacyError(await api().post('/api/auth/login').send({ email: 'a@example.com', password: 'whatever!' }), 503, 'unavailable');
    await admin().expect(200);

    await relay.setMode('pass');
    await customer.get('/api/users/me').expect(200);
  });

  it('carries on after the monolith drops every pooled connection, as a restart does', async () => {
    await customer.get('/api/users/me').expect(200);
    await customer.get('/api/users/me').expect(200);
    relay.dropAll();
    const afterRestart = await Promise.all([1, 2, 3].map(() => customer.get('/api/users/me')));
    expect(afterRestart.map((response) => response.status)).toEqual([200, 200, 200]);
  });

  it('answers 504 upstream_timeout when the monolith accepts but never answers, after LEGACY_TIMEOUT_MS and not much later', async () => {
    await relay.setMode('blackhole');
    relay.dropAll();
    const startedAt = Date.now();
    expectLegacyError(await customer.get('/api/users/me'), 504, 'upstream_timeout');
    const elapsedMs = Date.now() - startedAt;
    expect(elapsedMs).toBeGreaterThanOrEqual(legacyTimeoutMs - 50);
    expect(elapsedMs).toBeLessThan(legacyTimeoutMs + 1_500);
    await admin().expect(200);
  });

  it('answers 504 upstream_timeout when the monolith is slower than LEGACY_TIMEOUT_MS, and serves again once it is fast', async () => {
    relay.setLatency(legacyTimeoutMs + 500);
    expectLegacyError(await customer.get('/api/users/me'), 504, 'upstream_timeout');
    relay.setLatency(0);
    await customer.get('/api/users/me').expect(200);
  });
});
