import express from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryAuth, FixedClock } from '../../core/auth/auth-test-kit';
import { PasswordHasher } from '../../core/auth/password-hasher';
import { TypeormDashboardSessionStore } from '../../core/dashboard-sessions/adapters/typeorm-dashboard-session.store';
import { createLogger } from '../../core/logging/create-logger';
import { InMemoryFlagStore } from '../../core/flags/adapters/in-memory-flag.store';
import { FlagService } from '../../core/flags/flag.service';
import { defaultRolloutPolicy } from '../../core/rollout/rollout-policy';
import type { ParityMismatch } from '../../core/rollout/parity/parity.store';
import type { ProgressView } from '../cli/admin-api.types';
import { createTestDatabase, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { dashboardRoutes, dashboardSessionTtlSeconds } from './dashboard.routes';
import { aCapabilityProgress, aCostView, aProgressView, aRouteProgress } from './progress-view.builder';

const adminToken = 'dashboard-test-admin-token-0123456789';
const hostile = '<img src=x onerror=alert(1)>';

const aMismatch = (overrides: Partial<ParityMismatch> = {}): ParityMismatch => ({
  id: 'mismatch-1',
  routeId: 'auth.me',
  observedAt: new Date('2026-12-03T08:20:00Z'),
  requestId: 'req-1',
  method: 'GET',
  path: '/api/users/me',
  differences: [{ path: 'body.name', primary: 'Ada', shadow: 'ADA' }],
  primary: { target: 'legacy', status: 200, headers: {}, body: '{"id":"u1","name":"Ada"}', bodyTruncated: false },
  shadow: { target: 'lambda', status: 200, headers: {}, body: '{"id":"u1","name":"ADA"}', bodyTruncated: false },
  ...overrides,
});

// Sessions live in the database every proxy instance shares: one SQLite file for the whole file.
let database: TestDatabase;
let dataSource: DataSource;
beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  dataSource = await openMigrated(database);
});
afterAll(async () => {
  await dataSource?.destroy();
  await database?.dispose();
});

async function createDashboard({ progress = aProgressView(), mismatches = [aMismatch()] }: { progress?: ProgressView; mismatches?: ParityMismatch[] } = {}) {
  const clock = new FixedClock(new Date('2026-12-03T08:30:00Z'));
  const auth = createInMemoryAuth(clock);
  const store = new InMemoryFlagStore();
  const flags = new FlagService({
    store,
    clock,
    routes: [{ id: 'auth.me', capability: 'auth', hasFunction: true, parityFrom: ['auth.me'] }],
    policy: defaultRolloutPolicy,
    // No shadow comparison yet: the parity gate refuses to put customers on the Lambda.
    evidence: async () => ({ parity: { 'auth.me': { rate: null, sample: 0 } } }),
  });
  let refreshes = 0;
  const app = express().use(
    '/_strangler',
    dashboardRoutes({
      logger: createLogger('test', 'silent'),
      sessions: new TypeormDashboardSessionStore(dataSource, { clock, ttlSeconds: dashboardSessionTtlSeconds, maxSessions: 1000 }),
      flags,
      flagCache: { refresh: async () => void refreshes++ },
      parity: {
        listMismatches: async (_route, limit) => mismatches.slice(0, limit),
        getMismatch: async (id) => mismatches.find((mismatch) => mismatch.id === id),
      },
      progress: { report: async () => progress, cost: async () => aCostView() },
      credentials: { adminToken, authenticator: auth.authenticator, users: auth.users, hasher: new PasswordHasher(10) },
    }),
  );
  const customer = await auth.service.signup({ email: 'customer@example.com', password: 'correct horse', name: 'C' });
  const ops = await auth.service.signup({ email: 'ops@example.com', password: 'correct horse', name: 'Ops' });
  auth.users.users.set(ops.user.id, { ...auth.users.users.get(ops.user.id)!, role: 'admin' });
  return { app, flags, store, customer, ops, refreshes: () => refreshes };
}

type Dashboard = Awaited<ReturnType<typeof createDashboard>>;

const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

/** A browser-like client logged in with the admin token, and its CSRF token. */
async function loggedIn(dashboard: Dashboard, name = 'alice') {
  const browser = request.agent(dashboard.app);
  await browser.post('/_strangler/login').type('form').send({ token: adminToken, name }).expect(303).expect('location', '/_strangler/');
  const home = await browser.get('/_strangler/').expect(200);
  return { browser, csrf: csrfOf(home.text) };
}

describe('the dashboard', () => {
  let dashboard: Dashboard;

  beforeEach(async () => {
    dashboard = await createDashboard();
  });

  describe('login', () => {
    it('sends a visitor without a session to the login page, and refuses their forms', async () => {
      await request(dashboard.app).get('/_strangler/').expect(303).expect('location', '/_strangler/login');
      await request(dashboard.app).get('/_strangler/parity/mismatch-1').expect(303).expect('location', '/_strangler/login');
      const refused = await request(dashboard.app).post('/_strangler/capabilities/auth/apply').type('form').send({ action: 'flip', state: 'shadow', reason: 'try it', confirm: 'yes' }).expect(401);
      expect(refused.text).toContain('Log in to the dashboard first');
      const asJson = await request(dashboard.app).post('/_strangler/capabilities/auth/apply').set('accept', 'application/json').expect(401);
      expect(asJson.body).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/^Log in to the dashboard first/) } });
      expect((await dashboard.flags.getCapabilityFlag('auth')).state).toBe('legacy');
    });

    it('serves the login page and its stylesheet with strict security headers', async () => {
      const page = await request(dashboard.app).get('/_strangler/login').expect(200).expect('content-type', /text\/html/);
      expect(page.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('name="token"');
      const css = await request(dashboard.app).get('/_strangler/assets/dashboard.css').expect(200).expect('content-type', /text\/css/);
      expect(css.text).toContain('.table-wrap');
    });

    it('refuses a wrong token, a customer and a wrong password, and sets no cookie', async () => {
      const cases = [
        { form: { token: 'not-the-admin-token' }, status: 401, message: 'The token is neither the admin token nor a valid token of an admin user' },
        { form: { token: dashboard.customer.token }, status: 403, message: 'This account is not an admin: the dashboard is for engineers' },
        { form: { email: 'customer@example.com', password: 'correct horse' }, status: 403, message: 'This account is not an admin: the dashboard is for engineers' },
        { form: { email: 'ops@example.com', password: 'wrong horse' }, status: 401, message: 'The email or password is wrong' },
        { form: {}, status: 400, message: 'give the admin token, or an admin user\u2019s email and password' },
        { form: { token: adminToken, name: '<alice>' }, status: 400, message: 'letters, digits, spaces and . @ + - only' },
      ];
      for (const { form, status, message } of cases) {
        const response = await request(dashboard.app).post('/_strangler/login').type('form').send(form).expect(status);
        expect(response.headers['set-cookie']).toBeUndefined();
        expect(response.text).toContain(message.replace(/'/g, '&#39;'));
      }
    });

    it('opens a session in an HttpOnly, SameSite=Strict cookie that carries no credential', async () => {
      const response = await request(dashboard.app).post('/_strangler/login').type('form').send({ token: adminToken, name: 'alice' }).expect(303);
      const [cookie] = response.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(/^strangler_session=[\w-]{43}; Max-Age=28800; Path=\/_strangler; Expires=.*; HttpOnly; SameSite=Strict$/);
      expect(cookie).not.toContain(adminToken);
    });

    it('sends the session cookie over HTTPS only when the dashboard is not opened on this machine', async () => {
      const response = await request(dashboard.app).post('/_strangler/login').set('host', 'strangler.example.com').type('form').send({ token: adminToken, name: 'alice' }).expect(303);
      const [cookie] = response.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(/; Secure; SameSite=Strict$/);
    });

    it('logs an admin user in with email and password, and names them in the page', async () => {
      const browser = request.agent(dashboard.app);
      await browser.post('/_strangler/login').type('form').send({ email: 'OPS@example.com', password: 'correct horse' }).expect(303);
      expect((await browser.get('/_strangler/').expect(200)).text).toContain(`Signed in as user:${dashboard.ops.user.id}`);
    });

    it('logs out with the CSRF token only, and the session is gone', async () => {
      const { browser, csrf } = await loggedIn(dashboard);
      await browser.post('/_strangler/logout').type('form').send({}).expect(403);
      await browser.post('/_strangler/logout').type('form').send({ csrf }).expect(303).expect('location', '/_strangler/login');
      await browser.get('/_strangler/').expect(303);
    });

    it('is signed in on every proxy instance, and signed out of all by one logout', async () => {
      const { browser, csrf } = await loggedIn(dashboard, 'dana');
      const login = await request(dashboard.app).post('/_strangler/login').type('form').send({ token: adminToken, name: 'dana' }).expect(303);
      const cookie = login.headers['set-cookie']![0]!.split(';', 1)[0]!;
      const otherInstance = await createDashboard();
      expect((await request(otherInstance.app).get('/_strangler/').set('cookie', cookie).expect(200)).text).toContain('Signed in as dana');

      const otherCsrf = csrfOf((await request(otherInstance.app).get('/_strangler/').set('cookie', cookie)).text);
      await request(otherInstance.app).post('/_strangler/logout').set('cookie', cookie).type('form').send({ csrf: otherCsrf }).expect(303);
      await request(dashboard.app).get('/_strangler/').set('cookie', cookie).expect(303).expect('location', '/_strangler/login');
      // The first browser's own session is another one, still open.
      expect(csrf).not.toBe(otherCsrf);
      await browser.get('/_strangler/').expect(200);
    });
  });

  describe('the overview', () => {
    it('shows the summary, capabilities, routes, mismatches and the audit trail', async () => {
      const progress = aProgressView({
        routes: [aRouteProgress({ state: 'lambda', traffic: { legacy: aRouteProgress().traffic.legacy, lambda: { requests: 200, errors: 2, errorRate: 0.01, p50Ms: 20, p95Ms: 48, p99Ms: 60 } } }), aRouteProgress({ route: 'auth.login', method: 'POST', path: '/api/auth/login' })],
        capabilities: [aCapabilityProgress({ state: 'canary', canaryPercent: 25, routes: 2, routesOnLambda: 1 })],
      });
      dashboard = await createDashboard({ progress });
      await dashboard.flags.setFlag({ scope: 'capability', name: 'auth' }, { state: 'shadow', reason: 'measure auth parity' }, 'bob (admin token)');
      const { browser } = await loggedIn(dashboard);
      const page = (await browser.get('/_strangler/').expect(200)).text;
      expect(page).toContain('1 of 2');
      expect(page).toContain('<span class="badge badge-canary">canary 25%</span>');
      expect(page).toContain('<code>POST /api/auth/login</code>');
      expect(page).toContain('Lambda errors 1% of 200');
      expect(page).toContain('href="/_strangler/parity/mismatch-1"');
      expect(page).toMatch(/legacy \u2192 shadow<\/td>\s*<td data-label="Who">bob \(admin token\)<\/td>\s*<td data-label="Reason" class="wrap">measure auth parity<\/td>/);
    });

    it('escapes hostile route names, reasons and bodies', async () => {
      dashboard = await createDashboard({
        progress: aProgressView({ routes: [aRouteProgress({ route: hostile, path: `/api/${hostile}` })] }),
        mismatches: [aMismatch({ id: 'evil', routeId: hostile, path: `/api/"${hostile}`, differences: [{ path: `body.${hostile}`, primary: hostile, shadow: null }], primary: { target: 'legacy', status: 200, headers: {}, body: `{"name":"${hostile}"}`, bodyTruncated: false } })],
      });
      await dashboard.flags.setFlag({ scope: 'capability', name: 'auth' }, { state: 'shadow', reason: `because ${hostile}` }, 'bob');
      const { browser } = await loggedIn(dashboard);
      for (const path of ['/_strangler/', '/_strangler/parity/evil', '/_strangler/capabilities/auth']) {
        const page = (await browser.get(path).expect(200)).text;
        expect(page).not.toContain('<img');
        expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      }
    });
  });

  describe('the parity view', () => {
    it('shows the differences and both answers side by side, the differing lines highlighted', async () => {
      const { browser } = await loggedIn(dashboard);
      const page = (await browser.get('/_strangler/parity/mismatch-1').expect(200)).text;
      expect(page).toContain('<tr class="difference"><td class="title"><code>body.name</code></td><td data-label="legacy (answered)"><code>&quot;Ada&quot;</code></td><td data-label="lambda (shadow)"><code>&quot;ADA&quot;</code></td></tr>');
      expect(page).toContain('<tr class="changed"><td class="ln">3</td><td class="side"><mark>  &quot;name&quot;: &quot;Ada&quot;</mark></td><td class="ln">3</td><td class="side"><mark>  &quot;name&quot;: &quot;ADA&quot;</mark></td></tr>');
      expect(page).toContain('<tr class="same"><td class="ln">2</td><td class="side">  &quot;id&quot;: &quot;u1&quot;,</td>');
    });

    it('answers an unknown mismatch with a 404 page', async () => {
      const { browser } = await loggedIn(dashboard);
      expect((await browser.get('/_strangler/parity/nope').expect(404)).text).toContain('No parity mismatch nope');
    });
  });

  describe('the controls', () => {
    it('refuses a form without the session\u2019s CSRF token, and changes nothing', async () => {
      const { browser } = await loggedIn(dashboard);
      const form = { action: 'flip', state: 'shadow', reason: 'measure parity', confirm: 'yes' };
      for (const csrf of [undefined, 'forged-token']) {
        const response = await browser.post('/_strangler/capabilities/auth/apply').type('form').send({ ...form, ...(csrf ? { csrf } : {}) }).expect(403);
        expect(response.text).toContain('missing or stale CSRF token');
      }
      expect((await dashboard.flags.getCapabilityFlag('auth')).state).toBe('legacy');
    });

    it('requires a reason, and a confirmation', async () => {
      const { browser, csrf } = await loggedIn(dashboard);
      const noReason = await browser.post('/_strangler/capabilities/auth/review').type('form').send({ csrf, action: 'flip', state: 'shadow', reason: '' }).expect(400);
      expect(noReason.text).toContain('<code>reason</code>: say why, in at least 3 characters');
      const unconfirmed = await browser.post('/_strangler/capabilities/auth/apply').type('form').send({ csrf, action: 'flip', state: 'shadow', reason: 'measure parity' }).expect(400);
      expect(unconfirmed.text).toContain('confirm the change on the confirmation page');
      expect((await dashboard.flags.getCapabilityFlag('auth')).state).toBe('legacy');
    });

    it('flips a capability after review and confirmation, on the record', async () => {
      const { browser, csrf } = await loggedIn(dashboard);
      const review = await browser.post('/_strangler/capabilities/auth/review').type('form').send({ csrf, action: 'flip', state: 'shadow', reason: 'measure parity' }).expect(200);
      expect(review.text).toContain('<strong>Flip auth to shadow</strong>');
      expect((await dashboard.flags.getCapabilityFlag('auth')).state).toBe('legacy');
      const confirmForm = Object.fromEntries([...review.text.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map(([, name, value]) => [name, value]));
      expect(confirmForm).toEqual({ csrf, action: 'flip', state: 'shadow', reason: 'measure parity', confirm: 'yes' });
      const applied = await browser.post('/_strangler/capabilities/auth/apply').type('form').send(confirmForm).expect(303);
      expect(applied.headers.location).toBe('/_strangler/capabilities/auth?applied=1');
      expect(dashboard.refreshes()).toBe(1);
      expect(await dashboard.flags.history(1)).toEqual([expect.objectContaining({ name: 'auth', fromState: 'legacy', toState: 'shadow', reason: 'measure parity', actor: 'alice (admin token)', forced: false })]);
      const page = (await browser.get(applied.headers.location!).expect(200)).text;
      expect(page).toContain('Done: auth is now shadow (audit entry #1).');
    });

    it('shows a gate\u2019s refusal and forces the change with the same reason when asked', async () => {
      const { browser, csrf } = await loggedIn(dashboard);
      const refused = await browser.post('/_strangler/capabilities/auth/apply').type('form').send({ csrf, action: 'canary', percent: '10', reason: 'try the canary', confirm: 'yes' }).expect(409);
      expect(refused.text).toContain('Refused to move &#39;auth&#39; to canary: auth.me: 0 shadow comparisons');
      expect(refused.text).toContain('<input type="hidden" name="force" value="on">');
      expect((await dashboard.flags.getCapabilityFlag('auth')).state).toBe('legacy');
      await browser.post('/_strangler/capabilities/auth/apply').type('form').send({ csrf, action: 'canary', percent: '10', reason: 'try the canary', confirm: 'yes', force: 'on' }).expect(303);
      expect(await dashboard.flags.history(1)).toEqual([expect.objectContaining({ toState: 'canary', toPercent: 10, forced: true, reason: 'try the canary' })]);
    });

    it('starts a ramp and rolls back', async () => {
      const { browser, csrf } = await loggedIn(dashboard);
      await browser.post('/_strangler/capabilities/auth/apply').type('form').send({ csrf, action: 'ramp', steps: '5, 50, 100', holdSeconds: '60', reason: 'ramp it up', confirm: 'yes', force: 'on' }).expect(303);
      expect(await dashboard.flags.getCapabilityFlag('auth')).toMatchObject({ state: 'canary', canaryPercent: 5, ramp: { steps: [5, 50, 100], stepIndex: 0, holdSeconds: 60 } });
      await browser.post('/_strangler/capabilities/auth/apply').type('form').send({ csrf, action: 'rollback', reason: 'errors went up', confirm: 'yes' }).expect(303);
      expect(await dashboard.flags.getCapabilityFlag('auth')).toMatchObject({ state: 'legacy', updatedBy: 'alice (admin token)' });
    });

    it('answers an oversized or unreadable form with a clear error, as a page or in the legacy format', async () => {
      const { browser, csrf } = await loggedIn(dashboard);
      const review = '/_strangler/capabilities/auth/review';
      expect((await browser.post(review).type('form').send({ csrf, action: 'flip', state: 'shadow', reason: 'x'.repeat(20_000) }).expect(413)).text).toContain('The form is too large');
      const manyFields = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, 'x']));
      const unreadable = await browser.post(review).type('form').set('accept', 'application/json').send({ csrf, ...manyFields }).expect(400);
      expect(unreadable.body).toEqual({ error: { code: 'validation_failed', message: 'The request is invalid: see details', details: [{ path: '', message: expect.stringMatching(/^The form could not be read/) }] } });
    });

    it('answers an unknown capability with a 404 page', async () => {
      const { browser, csrf } = await loggedIn(dashboard);
      expect((await browser.get('/_strangler/capabilities/%3Cnope%3E').expect(404)).text).toContain('Unknown capability &#39;&lt;nope&gt;&#39;');
      await browser.post('/_strangler/capabilities/nope/review').type('form').send({ csrf, action: 'flip', state: 'shadow', reason: 'measure parity' }).expect(404);
    });
  });
});
