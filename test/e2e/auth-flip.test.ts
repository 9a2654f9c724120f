import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import type { LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import { flip, startMonolith, startProxy, startRuntime, stopMonolith, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

const signupBody = () => ({ email: `user-${randomUUID()}@example.com`, password: 'correct horse', name: 'Flip' });

describe('flipping auth between the monolith and its Lambda', () => {
  let context: ServingContext;
  let monolith: Awaited<ReturnType<typeof startMonolith>>;
  let runtime: LambdaRuntime;
  let proxy: EdgeProxy;

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    monolith = await startMonolith(context);
    runtime = await startRuntime(context);
    proxy = await startProxy(context, { legacyUrl: monolith.url, lambdaEndpoint: runtime.url });
  });

  afterAll(async () => {
    await proxy.close();
    await runtime.close();
    await stopMonolith(monolith);
    await context.dataSource.destroy();
    await context.database.dispose();
  });

  it('keeps a customer\u2019s token working across a flip, both ways', async () => {
    await flip(proxy, 'auth', 'legacy');
    const fromMonolith = await request(proxy.app).post('/api/auth/signup').send(signupBody()).expect(201);
    await flip(proxy, 'auth', 'lambda');
    const fromLambda = await request(proxy.app).post('/api/auth/signup').send(signupBody()).expect(201);
    await request(proxy.app).get('/api/users/me').set('authorization', `Bearer ${fromMonolith.body.token}`).expect(200);
    await flip(proxy, 'auth', 'legacy');
    const me = await request(proxy.app).get('/api/users/me').set('authorization', `Bearer ${fromLambda.body.token}`).expect(200);
    expect(me.body.id).toBe(fromLambda.body.user.id);
  });

  it('fails none of the requests in flight while the flag flips back and forth', async () => {
    const { body } = await request(proxy.app).post('/api/auth/signup').send(signupBody()).expect(201);
    const statuses: number[] = [];
    let flipping = true;
    const flips = (async () => {
      for (let i = 0; i < 8; i++) {
        await flip(proxy, 'auth', i % 2 === 0 ? 'lambda' : 'legacy', `flip ${i} under load`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      flipping = false;
    })();
    const client = async () => {
      while (flipping) {
        const response = await request(proxy.app).get('/api/users/me').set('authorization', `Bearer ${body.token}`);
        statuses.push(response.status);
      }
    };
    await Promise.all([flips, ...Array.from({ length: 6 }, client)]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it('sends the very next request to the other side', async () => {
    const stoppedMonolith = await startMonolith(context);
    const isolated = await startProxy(context, { legacyUrl: stoppedMonolith.url, lambdaEndpoint: runtime.url });
    await stopMonolith(stoppedMonolith);
    try {
      await flip(isolated, 'auth', 'lambda');
      // The monolith is gone: only the Lambda can have answered.
      await request(isolated.app).post('/api/auth/signup').send(signupBody()).expect(201);
      await flip(isolated, 'auth', 'legacy');
      const response = await request(isolated.app).post('/api/auth/signup').send(signupBody());
      expect(response.status).toBe(503);
    } finally {
      await isolated.close();
    }
  });

  it('reaches another proxy instance within a second, without a restart', async () => {
    const other = await startProxy(context, { legacyUrl: monolith.url, lambdaEndpoint: runtime.url }, { flagRefreshMs: 250 });
    try {
      const target = other.flagCache.current().capabilities.get('auth')?.state === 'lambda' ? 'legacy' : 'lambda';
      const flippedAt = Date.now();
      await flip(proxy, 'auth', target);
      while (other.flagCache.current().capabilities.get('auth')?.state !== target) {
        expect(Date.now() - flippedAt).toBeLessThan(1_000);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      other.close();
    }
  });
});
