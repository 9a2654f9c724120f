import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserEntity } from '../../core/auth/adapters/user.entity';
import { createAuthService } from '../../core/auth/create-auth';
import { startProxy, testAdminToken, type ServingContext } from '../../test/support/serving-modes';
import { testAuthConfig } from '../../test/support/test-auth';
import { createTestDatabase, openMigrated } from '../../test/support/test-database';
import type { EdgeProxy } from '../compose-edge-proxy';

describe('the admin API', () => {
  let context: ServingContext;
  let proxy: EdgeProxy;
  let customerToken: string;
  let adminUser: { id: string; token: string };
  const admin = () => ({ authorization: `Bearer ${testAdminToken}`, 'x-strangler-actor': 'alice@laptop' });
  const api = () => request(proxy.app);

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    proxy = await startProxy(context, { legacyUrl: 'http://127.0.0.1:9', lambdaEndpoint: 'http://127.0.0.1:9' });
    const auth = await createAuthService({ dataSource: context.dataSource, config: context.authConfig });
    customerToken = (await auth.signup({ email: 'customer@example.com', password: 'correct horse', name: 'C' })).token;
    const session = await auth.signup({ email: 'ops@example.com', password: 'correct horse', name: 'Ops' });
    await context.dataSource.getRepository(UserEntity).update({ id: session.user.id }, { role: 'admin' });
    adminUser = { id: session.user.id, token: session.token };
  });

  afterAll(async () => {
    await proxy.close();
    await context.dataSource.destroy();
    await context.database.dispose();
  });

  it('refuses callers without a token, or with a wrong one, with 401', async () => {
    expect((await api().get('/_strangler/api/flags').expect(401)).body.error.code).toBe('unauthorized');
    await api().get('/_strangler/api/flags').set('authorization', 'Bearer wrong-admin-token-0123456789').expect(401);
  });

  it('refuses a customer\u2019s token with 403 forbidden', async () => {
    const response = await api().get('/_strangler/api/flags').set('authorization', `Bearer ${customerToken}`).expect(403);
    expect(response.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
  });

  it('lists every capability\u2019s flag', async () => {
    const response = await api().get('/_strangler/api/flags').set(admin()).expect(200);
    expect(response.body.flags.map((flag: { capability: string }) => flag.capability)).toEqual(['auth', 'videos', 'transcoding', 'metadata', 'notifications']);
  });

  it('flips a capability, applies it at once and audits the engineer and the reason', async () => {
    const refused = await api().put('/_strangler/api/flags/auth').set(admin()).send({ state: 'lambda', reason: 'auth Lambda is ready' }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^Refused to move 'auth' to lambda: auth\.signup: 0 shadow comparisons/) });
    const response = await api().put('/_strangler/api/flags/auth').set(admin()).send({ state: 'lambda', reason: 'auth Lambda is ready', force: true }).expect(200);
    expect(response.body).toMatchObject({ changed: true, flag: { capability: 'auth', state: 'lambda', updatedBy: 'alice@laptop (admin token)' } });
    expect(proxy.flagCache.current().capabilities.get('auth')?.state).toBe('lambda');
    const audit = await api().get('/_strangler/api/audit?limit=1').set(admin()).expect(200);
    expect(audit.body.changes).toEqual([
      {
        id: expect.any(Number),
        scope: 'capability',
        name: 'auth',
        from: 'legacy',
        to: 'lambda',
        toPercent: 0,
        reason: 'auth Lambda is ready',
        actor: 'alice@laptop (admin token)',
        changedAt: expect.any(String),
        forced: true,
        evidence: {
          parity: { 'auth.signup': { rate: null, sample: 0 }, 'auth.login': { rate: null, sample: 0 }, 'auth.me': { rate: null, sample: 0 } },
          traffic: expect.any(Object),
          overriddenGates: expect.arrayContaining([expect.stringMatching(/^auth\.me: 0 shadow comparisons/)]),
        },
      },
    ]);
    const routes = await api().get('/_strangler/api/routes').set(admin()).expect(200);
    expect(routes.body.routes.find((route: { id: string }) => route.id === 'auth.me').servedBy).toBe('lambda');
  });

  it('accepts an admin user\u2019s token and audits the user', async () => {
    const response = await api().put('/_strangler/api/flags/auth').set('authorization', `Bearer ${adminUser.token}`).send({ state: 'legacy', reason: 'back to the monolith' }).expect(200);
    expect(response.body.flag.updatedBy).toBe(`user:${adminUser.id}`);
  });

  it('rolls a capability back with every route of it: their overrides are removed, and named', async () => {
    const rollback = (body: object) => api().post('/_strangler/api/flags/auth/rollback').set(admin()).send(body);
    await api().put('/_strangler/api/route-flags/auth.me').set(admin()).send({ state: 'lambda', force: true, reason: 'one route first' }).expect(200);
    expect(proxy.flagCache.current().routes.get('auth.me')?.state).toBe('lambda');

    const response = await rollback({ reason: 'errors in the logs' }).expect(200);

    expect(response.body).toMatchObject({ changed: false, flag: { capability: 'auth', state: 'legacy' }, removedOverrides: [{ name: 'auth.me', from: 'lambda', to: 'inherit', reason: 'errors in the logs' }] });
    expect(proxy.flagCache.current().routes.has('auth.me')).toBe(false);
    expect((await rollback({ reason: 'again' }).expect(200)).body).toMatchObject({ changed: false, removedOverrides: [] });
    expect((await rollback({}).expect(400)).body.error.details[0].path).toBe('reason');
  });

  it('removes a route’s override, through the gates when its capability serves customers from the Lambda', async () => {
    const remove = (route: string, body: object) => api().delete(`/_strangler/api/route-flags/${route}`).set(admin()).send(body);
    await api().put('/_strangler/api/flags/transcoding').set(admin()).send({ state: 'lambda', force: true, reason: 'all in' }).expect(200);
    await api().put('/_strangler/api/route-flags/transcoding.job').set(admin()).send({ state: 'legacy', reason: 'keep this one on the monolith' }).expect(200);

    const refused = await remove('transcoding.job', { reason: 'follow transcoding' }).expect(409);
    expect(refused.body.error.message).toMatch(/^Refused to move 'transcoding\.job' to lambda: transcoding\.job: 0 shadow comparisons/);
    expect(proxy.flagCache.current().routes.get('transcoding.job')?.state).toBe('legacy');

    const removed = await remove('transcoding.job', { reason: 'follow transcoding', force: true }).expect(200);
    expect(removed.body).toMatchObject({ route: 'transcoding.job', removed: true, change: { from: 'legacy', to: 'inherit', forced: true } });
    expect(proxy.flagCache.current().routes.has('transcoding.job')).toBe(false);
    expect((await remove('transcoding.job', { reason: 'again' }).expect(200)).body).toEqual({ route: 'transcoding.job', removed: false, change: null });
    expect((await remove('transcoding.nope', { reason: 'typo' }).expect(404)).body.error.code).toBe('not_found');
    expect((await remove('transcoding.job', {}).expect(400)).body.error.details[0].path).toBe('reason');
    await api().put('/_strangler/api/flags/transcoding').set(admin()).send({ state: 'legacy', reason: 'back' }).expect(200);
  });

  it('refuses bad flips with legacy-format errors', async () => {
    const put = (capability: string, body: unknown) => api().put(`/_strangler/api/flags/${capability}`).set(admin()).send(body as object);
    expect((await put('billing', { state: 'lambda', reason: 'why not' }).expect(404)).body.error.code).toBe('not_found');
    expect((await put('auth', { state: 'sideways', reason: 'why not' }).expect(400)).body.error.details[0].path).toBe('state');
    expect((await put('auth', { state: 'lambda' }).expect(400)).body.error.details[0].path).toBe('reason');
    expect((await put('videos', { state: 'lambda', reason: 'no function yet' }).expect(409)).body.error.code).toBe('conflict');
    const malformed = await api().put('/_strangler/api/flags/auth').set(admin()).set('content-type', 'application/json').send('{"state":').expect(400);
    expect(malformed.body.error.code).toBe('validation_failed');
    expect((await api().get('/_strangler/api/audit?limit=zero').set(admin()).expect(400)).body.error.details[0].path).toBe('limit');
  });

  it('answers 404 for an admin path it does not serve, without reaching the monolith', async () => {
    expect((await api().get('/_strangler/api/nothing').set(admin()).expect(404)).body.error.code).toBe('not_found');
  });

  it('summarises where the migration stands', async () => {
    const response = await api().get('/_strangler/api/status').set(admin()).expect(200);
    expect(response.body.summary).toEqual({ routes: 18, routesOnLambda: 0 });
    expect(response.body.capabilities.find((c: { capability: string }) => c.capability === 'auth')).toMatchObject({ routes: 3, routesOnLambda: 0 });
  });
});
