import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/support/customer';
import { getMe, logIn, settleShadows, signUpMany, startDeliveryStack, type DeliveryStack, type ParityView, type SignedUpUser } from '../../test/support/progressive-delivery-kit';
import { testAdminToken } from '../../test/support/serving-modes';
import type { CostView, ProgressView, RouteProgressView } from '../cli/admin-api.types';
import { runStranglerCli } from '../cli/strangler-cli';

// Real customers' requests through a real proxy, monolith and auth function: three of each auth
// route on the monolith while the Lambda is shadowed, then five reads and two logins on the Lambda.
describe('migration progress from real traffic through the proxy', () => {
  let stack: DeliveryStack;
  let customers: SignedUpUser[];
  let flippedAt: string;
  let shadowParity: ParityView[];
  let progress: ProgressView;
  const route = (id: string): RouteProgressView => progress.routes.find((candidate) => candidate.route === id)!;
  const asEngineer = (path: string) => request(stack.url).get(`/_strangler/api${path}`).set('authorization', `Bearer ${testAdminToken}`);

  /** Runs the CLI against the stack, as an engineer would from a laptop: URL and token from the environment. */
  async function strangler(...args: string[]) {
    let out = '';
    let err = '';
    const env = { STRANGLER_URL: stack.url, STRANGLER_ADMIN_TOKEN: testAdminToken };
    const code = await runStranglerCli(args, { env, out: (text) => (out += text), err: (text) => (err += text) });
    return { code, out, err };
  }

  beforeAll(async () => {
    stack = await startDeliveryStack();
    await stack.admin.setFlag('auth', { state: 'shadow', reason: 'measure auth parity' }).expect(200);
    customers = await signUpMany(stack.url, 3);
    for (const customer of customers) {
      await logIn(stack.url, customer).expect(200);
      await getMe(stack.url, customer).expect(200);
    }
    shadowParity = await settleShadows(stack, { 'auth.signup': 3, 'auth.login': 3, 'auth.me': 3 });
    // Forced: on a loaded machine a cold start can outlast the shadow's timeout and cost a match;
    // whatever parity was measured, the progress answer must show it.
    flippedAt = (await stack.admin.setFlag('auth', { state: 'lambda', force: true, reason: 'parity is clean' }).expect(200)).body.change.changedAt;
    for (let i = 0; i < 5; i++) await getMe(stack.url, customers[i % 3]!).expect(200);
    for (const customer of customers.slice(0, 2)) await logIn(stack.url, customer).expect(200);

    // A request is counted when its response closes: wait until every one is written. Those the
    // monolith answered (a failed read on lambda falls back to it) are what its forwarder saw.
    progress = await waitUntil(
      async () => {
        await stack.proxy.stats.flush();
        return (await asEngineer('/progress').expect(200)).body as ProgressView;
      },
      (view) => view.shareOverTime.reduce((sum, hour) => sum + hour.legacy + hour.lambda, 0) === 7 + stack.monolithRequests.length,
      10_000,
    );
    // A real monolith, runtime and cold-started functions: on a busy CI machine this takes a while.
  }, 180_000);

  afterAll(() => stack?.stop());

  it('counts each target’s requests and the Lambda’s share of them', () => {
    const onMonolith = (line: string) => stack.monolithRequests.filter((seen) => seen === line).length;
    const meOnMonolith = onMonolith('GET /api/users/me');
    // Three before the flip, and any fallback after it.
    expect(meOnMonolith).toBeGreaterThanOrEqual(3);
    expect(route('auth.me')).toMatchObject({ state: 'lambda', lambdaShare: { lastHour: 5 / (5 + meOnMonolith) } });
    expect(route('auth.me').traffic.legacy).toMatchObject({ requests: meOnMonolith, errors: 0, errorRate: 0 });
    expect(route('auth.me').traffic.lambda).toMatchObject({ requests: 5, errors: meOnMonolith - 3 });
    expect(route('auth.me').traffic.lambda.p99Ms).toBeGreaterThan(0);
    expect(route('auth.login').traffic).toMatchObject({ legacy: { requests: 3 }, lambda: { requests: 2, errors: 0 } });
    expect(route('auth.signup').lambdaShare.lastHour).toBe(0);
    expect(progress.totals.lambdaShare.lastHour).toBe(7 / (7 + stack.monolithRequests.length));
    expect(progress.totals).toMatchObject({ routes: 18, routesOnLambda: 3, routesReadyToRetire: 0, capabilitiesOnLambda: 1 });
  });

  it('shows the shadow parity and the flip, and says why the monolith’s auth routes cannot go yet', () => {
    const measured = shadowParity.find((view) => view.route === 'auth.me')!;
    expect(route('auth.me')).toMatchObject({ parity: { rate: measured.rate, sample: 3 }, onLambdaSince: flippedAt, lastFlip: { from: 'shadow', to: 'lambda', reason: 'parity is clean', actor: 'delivery-test (admin token)' } });
    expect(route('auth.me').retire).toEqual({
      ready: false,
      reasons: [
        expect.stringMatching(new RegExp(`^on lambda since ${flippedAt} \\(0\\.0 days\\); needs 14 days$`)),
        'its Lambda answered 5 requests in the last 14 days; needs 1000',
        // The retire rule wants 20 comparisons (PARITY_MIN_SAMPLE): three are too few, whatever they found.
        'parity measured on 3 shadow comparisons (needs 99.0% over at least 20 within 45 days before it came onto lambda, or since)',
      ],
    });
    const auth = progress.capabilities.find((capability) => capability.capability === 'auth')!;
    expect(auth).toMatchObject({ state: 'lambda', routes: 3, routesOnLambda: 3 });
    expect(auth.retire.reasons).toContain('auth.signup: its Lambda answered 0 requests in the last 14 days; needs 1000');
  });

  it('prices the observed traffic: the auth routes on a 256 MB Lambda', async () => {
    const cost = (await asEngineer('/cost').expect(200)).body as CostView;
    const me = cost.routes.find((candidate) => candidate.route === 'auth.me')!;
    expect(me).toMatchObject({ functionName: 'auth', memoryMb: 256, observed: { requests: route('auth.me').traffic.legacy.requests + 5 } });
    expect(me.lambdaCost).toBeGreaterThan(0);
    expect(me.monolithShareCost).toBeGreaterThan(0);
    expect(me.breakEvenRequestsPerSecond).toBeGreaterThan(0);
    expect(cost.totals.monolithShareCost).toBeCloseTo(cost.totals.monolithCost, 6);
  });

  it('answers the CLI’s status and routes from the same numbers', async () => {
    const share = (rate: number | null) => `${(rate! * 100).toFixed(1)}%`;
    const auth = progress.capabilities.find((capability) => capability.capability === 'auth')!;
    const status = await strangler('status');
    expect(status.code).toBe(0);
    expect(status.out).toMatch(new RegExp(`^auth\\s+lambda\\s+3\\s+3\\s+${share(auth.lambdaShare.lastHour)} / ${share(auth.lambdaShare.lastDay)} / ${share(auth.lambdaShare.lastWeek)}\\s+-\\s+not yet$`, 'm'));
    expect(status.out).toContain('3 of 18 routes served by Lambda; 1 of 5 capabilities entirely');
    const routes = await strangler('routes', 'auth');
    expect(routes.out).toMatch(new RegExp(`^auth\\.me\\s+lambda\\s+${share(route('auth.me').lambdaShare.lastDay)}\\s+0\\.0%\\s+[\\d.]+%\\s+\\d+ ms\\s+\\d+ ms\\s+[\\d.]+% of 3\\s+not yet$`, 'm'));
    expect(routes.out).toContain('  auth.me: on lambda since');
    expect(JSON.parse((await strangler('routes', 'auth', '--json')).out).routes).toHaveLength(3);
  });

  it('refuses the progress and the cost to customers, in the legacy error format', async () => {
    const customer = customers[0]!;
    for (const path of ['/progress', '/cost']) {
      await request(stack.url).get(`/_strangler/api${path}`).expect(401);
      const refused = await request(stack.url).get(`/_strangler/api${path}`).set('authorization', `Bearer ${customer.token}`).expect(403);
      expect(refused.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    }
  });
});
