import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCanary } from '../../core/rollout/canary-bucket';
import { defaultRolloutPolicy } from '../../core/rollout/rollout-policy';
import type { RolloutNotice } from '../../edge-proxy/rollout/rollout-controller';
import { waitUntil } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import {
  getMe,
  logIn,
  misbehavingAuth,
  pastTheFlipSecond,
  settleShadows,
  signUp,
  signUpMany,
  startDeliveryStack,
  startWebhookReceiver,
  type ChangeView,
  type DeliveryStack,
  type FlagRequest,
  type ParityView,
  type SignedUpUser,
} from '../support/progressive-delivery-kit';

// Each scenario stands a system up on a database of its own: flags, parity counts and the audit
// trail live there, and one scenario's evidence must not open or close another's gate. One file,
// so the scenarios run one after the other: the load and timing ones get both cores.

/** Signs up, logs in and reads /api/users/me for each of `count` new customers, each answer as the monolith gives it. */
async function signUpLogInAndReadMe(url: string, count: number): Promise<SignedUpUser[]> {
  const customers = await signUpMany(url, count);
  for (const customer of customers) {
    expect((await logIn(url, customer).expect(200)).body.user).toEqual(customer.user);
    await getMe(url, customer).expect(200, customer.user);
  }
  return customers;
}

const count = (lines: readonly string[], wanted: string) => lines.filter((line) => line === wanted).length;

describe('shadow traffic to the real auth function', () => {
  let stack: DeliveryStack;
  let customers: SignedUpUser[];
  let parity: ParityView[];

  beforeAll(async () => {
    stack = await startDeliveryStack();
    await stack.admin.setFlag('auth', { state: 'shadow', reason: 'measure auth parity' }).expect(200);
    customers = await signUpLogInAndReadMe(stack.url, 3);
    parity = await settleShadows(stack, { 'auth.signup': 3, 'auth.login': 3, 'auth.me': 3 });
  });

  afterAll(() => stack?.stop());

  it('measures full parity on signup, login and me, ignoring tokens, new ids and creation times', async () => {
    const full = { rate: 1, sample: 3, compared: 3, matched: 3, dropped: 0 };
    expect(parity.filter((route) => route.route.startsWith('auth.'))).toEqual([
      { route: 'auth.signup', ...full },
      { route: 'auth.login', ...full },
      { route: 'auth.me', ...full },
    ]);
    expect(await stack.admin.mismatches()).toEqual([]);
  });

  it('leaves the monolith’s signups alone: the dry runs wrote nothing that stayed', async () => {
    for (const customer of customers) {
      // The dry run removed the monolith's user and signed up again in a rolled-back transaction:
      // had anything of it stayed, this row would be gone, doubled, or have another id.
      expect((await stack.usersWithEmail(customer.email)).map((row) => row.id)).toEqual([customer.user.id]);
    }
  });

  it('answers every customer from the monolith', () => {
    expect(count(stack.monolithRequests, 'POST /api/auth/signup')).toBe(3);
    expect(count(stack.monolithRequests, 'POST /api/auth/login')).toBe(3);
    expect(count(stack.monolithRequests, 'GET /api/users/me')).toBe(3);
  });
});

describe('shadow traffic to a divergent auth function', () => {
  const refusal = 'auth.me: parity 0.0% over 3 (needs 99.0% over at least 3)';
  const canary: FlagRequest = { state: 'canary', percent: 10, reason: 'first customers on the Lambda' };
  let stack: DeliveryStack;
  let customers: SignedUpUser[];
  let parity: ParityView[];

  beforeAll(async () => {
    stack = await startDeliveryStack({ auth: misbehavingAuth('capitalisesNames'), proxy: { policy: { ...defaultRolloutPolicy, parityMinSample: 3 } } });
    await stack.admin.setFlag('auth', { state: 'shadow', reason: 'measure auth parity' }).expect(200);
    customers = await signUpLogInAndReadMe(stack.url, 3);
    parity = await settleShadows(stack, { 'auth.signup': 3, 'auth.login': 3, 'auth.me': 3 });
  });

  afterAll(() => stack?.stop());

  it('measures the divergence in the parity rate of that route alone', () => {
    expect(parity.find((route) => route.route === 'auth.me')).toEqual({ route: 'auth.me', rate: 0, sample: 3, compared: 3, matched: 0, dropped: 0 });
    expect(parity.filter((route) => ['auth.signup', 'auth.login'].includes(route.route)).map((route) => route.rate)).toEqual([1, 1]);
  });

  it('keeps each mismatch with the differing field and both answers', async () => {
    expect((await stack.admin.mismatches()).map((mismatch) => mismatch.routeId)).toEqual(['auth.me', 'auth.me', 'auth.me']);
    const mismatches = await stack.admin.mismatches('auth.me');
    expect(mismatches).toHaveLength(3);
    for (const customer of customers) {
      const capitalised = customer.user.name.toUpperCase();
      const mismatch = mismatches.find((candidate) => JSON.parse(candidate.primary.body).id === customer.user.id);
      expect(mismatch).toMatchObject({ method: 'GET', path: '/api/users/me', differences: [{ path: 'body.name', primary: customer.user.name, shadow: capitalised }] });
      expect(mismatch!.primary).toMatchObject({ target: 'legacy', status: 200 });
      expect(mismatch!.shadow).toMatchObject({ target: 'lambda', status: 200 });
      expect(JSON.parse(mismatch!.primary.body)).toEqual(customer.user);
      expect(JSON.parse(mismatch!.shadow.body)).toEqual({ ...customer.user, name: capitalised });
    }
  });

  it('refuses the canary at the parity gate, naming the route below the threshold', async () => {
    const refused = await stack.admin.setFlag('auth', canary);
    expectLegacyError(refused, 409, 'conflict');
    expect(refused.body.error.message).toContain(refusal);
    expect(refused.body.error.message).not.toMatch(/auth\.(signup|login)/);
    expect(stack.proxy.flagCache.current().capabilities.get('auth')?.state).toBe('shadow');
  });

  it('lets a forced canary through, and the audit keeps that it was forced, why, and on what evidence', async () => {
    const reason = 'the name casing is a known, accepted difference';
    const forced = await stack.admin.setFlag('auth', { ...canary, force: true, reason }).expect(200);
    expect(forced.body.flag).toMatchObject({ state: 'canary', canaryPercent: 10 });
    const [latest] = await stack.admin.audit();
    expect(latest).toEqual(forced.body.change);
    expect(latest).toMatchObject({
      from: 'shadow',
      to: 'canary',
      toPercent: 10,
      forced: true,
      actor: 'delivery-test (admin token)',
      reason,
      evidence: { parity: { 'auth.me': { rate: 0, sample: 3 }, 'auth.signup': { rate: 1, sample: 3 }, 'auth.login': { rate: 1, sample: 3 } }, overriddenGates: [refusal] },
    });
  });
});

describe('automatic rollback of a canary that fails one request in five', () => {
  const requests = 60;
  let stack: DeliveryStack;
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let answers: Array<{ customer: SignedUpUser; kind: 'me' | 'login'; response: Response }>;
  let monolithDuringRun: string[];
  let rollback: ChangeView;

  beforeAll(async () => {
    webhook = await startWebhookReceiver();
    stack = await startDeliveryStack({
      auth: misbehavingAuth('failsEveryFifth'),
      proxy: {
        rolloutWebhookUrl: webhook.url,
        // Latency is left out (the Lambda is slower than the in-process monolith here): errors alone must trigger it.
        policy: { ...defaultRolloutPolicy, evaluateEveryMs: 200, windowSeconds: 60, minRequests: 20, maxLatencyRatio: 1_000 },
      },
    });
    // Only customers the canary serves: the others' requests would reach the Lambda too, as
    // shadow copies, and the accounting below counts every invocation as a customer's request.
    // Logins carry no token and are keyed by the client address, which must be in the canary too.
    expect(inCanary('auth', 'address:127.0.0.1', 90)).toBe(true);
    const customers = (await signUpMany(stack.url, 24)).filter((customer) => inCanary('auth', `user:${customer.user.id}`, 90)).slice(0, 15);
    expect(customers.length).toBe(15);
    await stack.admin.setFlag('auth', { state: 'canary', percent: 90, force: true, reason: 'canary without shadow evidence' }).expect(200);
    await pastTheFlipSecond();
    const monolithBefore = stack.monolithRequests.length;

    answers = [];
    for (let i = 0; i < requests; i++) {
      const customer = customers[Math.floor(i / 2) % customers.length]!;
      const kind = i % 2 === 0 ? 'me' : 'login';
      answers.push({ customer, kind, response: await (kind === 'me' ? getMe(stack.url, customer) : logIn(stack.url, customer)) });
    }
    await waitUntil(async () => stack.proxy.flagCache.current().capabilities.get('auth')?.state, (state) => state === 'legacy', 5_000);
    await stack.proxy.shadowQueue.idle();
    monolithDuringRun = stack.monolithRequests.slice(monolithBefore);
    rollback = (await stack.admin.audit())[0]!;
  });

  afterAll(async () => {
    await stack?.stop();
    await webhook?.close();
  });

  it('answers every GET with the right user (the monolith takes over what the Lambda failed)', async () => {
    for (const { customer, response } of answers.filter(({ kind }) => kind === 'me')) {
      expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: customer.user });
    }
    const lambdaGets = count(await stack.authInvocations(), 'GET /api/users/me');
    const failedOnLambda = Math.floor(lambdaGets / 5);
    expect(failedOnLambda).toBeGreaterThan(0);
    // The monolith answered each GET the Lambda failed, and each one sent after the rollback.
    expect(count(monolithDuringRun, 'GET /api/users/me')).toBe(failedOnLambda + (requests / 2 - lambdaGets));
  });

  it('answers a POST the Lambda failed with a legacy 502, never sending it again', async () => {
    const logins = answers.filter(({ kind }) => kind === 'login');
    for (const { customer, response } of logins) {
      if (response.status === 200) expect(response.body.user).toEqual(customer.user);
      else expectLegacyError(response, 502, 'upstream_error');
    }
    const lambdaLogins = count(await stack.authInvocations(), 'POST /api/auth/login');
    const failed = logins.filter(({ response }) => response.status === 502).length;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBe(Math.floor(lambdaLogins / 5));
    // Each login reached one side, once.
    expect(count(monolithDuringRun, 'POST /api/auth/login') + lambdaLogins).toBe(requests / 2);
  });

  it('goes back to legacy by itself, with the error rate and the Lambda’s numbers in the audit trail', () => {
    expect(rollback).toMatchObject({ actor: 'rollout-controller', from: 'canary', to: 'legacy', forced: false });
    expect(rollback.reason).toMatch(/^automatic rollback: The Lambda's error rate \d+\.\d% \(\d+ of \d+ requests\) is above the 5\.0% limit/);
    const { lambda } = (rollback.evidence as { health: RolloutNotice['evidence'] }).health;
    expect(lambda.requests).toBeGreaterThanOrEqual(20);
    expect(lambda.errors / lambda.requests).toBeGreaterThan(0.05);
  });

  it('tells the engineers through their webhook', async () => {
    await waitUntil(async () => webhook.received.length, (received) => received > 0, 5_000);
    expect(webhook.received.map((body) => JSON.parse(body))).toEqual([
      expect.objectContaining({
        event: 'strangler.rollback',
        kind: 'rollback',
        scope: 'capability',
        name: 'auth',
        from: 'canary 90%',
        to: 'legacy',
        reason: rollback.reason,
        evidence: expect.objectContaining({ lambda: (rollback.evidence as { health: RolloutNotice['evidence'] }).health.lambda }),
      }),
    ]);
  });

  it('serves every request from the monolith afterwards', async () => {
    const invocationsBefore = (await stack.authInvocations()).length;
    const monolithBefore = stack.monolithRequests.length;
    for (const { customer } of answers.slice(0, 6).filter(({ kind }) => kind === 'me')) {
      await getMe(stack.url, customer).expect(200, customer.user);
      await logIn(stack.url, customer).expect(200);
    }
    await stack.proxy.shadowQueue.idle();
    expect(stack.monolithRequests.slice(monolithBefore)).toEqual(Array(3).fill(['GET /api/users/me', 'POST /api/auth/login']).flat());
    expect(await stack.authInvocations()).toHaveLength(invocationsBefore);
  });

  it('refuses a canary again within the cool-down, unless forced', async () => {
    const canaryAgain: FlagRequest = { state: 'canary', percent: 90, reason: 'try the canary again' };
    const refused = await stack.admin.setFlag('auth', canaryAgain);
    expectLegacyError(refused, 409, 'conflict');
    expect(refused.body.error.message).toMatch(/capability auth was rolled back automatically at .+; the cool-down ends at /);
    const forced = await stack.admin.setFlag('auth', { ...canaryAgain, force: true, reason: 'the fix is deployed' }).expect(200);
    expect(forced.body.change).toMatchObject({ forced: true, to: 'canary', evidence: { overriddenGates: expect.arrayContaining([expect.stringMatching(/cool-down ends at/)]) } });
  });
});

describe('an auth function that always fails, on the Lambda', () => {
  let stack: DeliveryStack;
  let customer: SignedUpUser;

  beforeAll(async () => {
    stack = await startDeliveryStack({ auth: misbehavingAuth('alwaysFails') });
    customer = await signUp(stack.url);
    await stack.admin.setFlag('auth', { state: 'lambda', force: true, reason: 'test the failure paths' }).expect(200);
  });

  afterAll(() => stack?.stop());

  it('answers a failed POST with a legacy 502 after one invocation, and never sends it to the monolith', async () => {
    const monolithBefore = stack.monolithRequests.length;
    const invocationsBefore = (await stack.authInvocations()).length;

    expectLegacyError(await logIn(stack.url, customer), 502, 'upstream_error');

    await stack.proxy.shadowQueue.idle();
    expect((await stack.authInvocations()).slice(invocationsBefore)).toEqual(['POST /api/auth/login']);
    expect(stack.monolithRequests.slice(monolithBefore)).toEqual([]);
  });

  it('answers a failed GET from the monolith instead', async () => {
    const monolithBefore = stack.monolithRequests.length;
    const invocationsBefore = (await stack.authInvocations()).length;

    await getMe(stack.url, customer).expect(200, customer.user);

    expect((await stack.authInvocations()).slice(invocationsBefore)).toEqual(['GET /api/users/me']);
    expect(stack.monolithRequests.slice(monolithBefore)).toEqual(['GET /api/users/me']);
  });
});

describe('flips every second under load', () => {
  const flips: FlagRequest[] = [
    { state: 'shadow', force: true, reason: 'flip under load: shadow' },
    { state: 'canary', percent: 50, force: true, reason: 'flip under load: canary' },
    { state: 'lambda', force: true, reason: 'flip under load: lambda' },
    { state: 'legacy', force: true, reason: 'flip under load: legacy' },
  ];
  let stack: DeliveryStack;
  let customers: SignedUpUser[];

  beforeAll(async () => {
    // The engineer's flips alone: the rollout controller judges nothing while the test runs.
    stack = await startDeliveryStack({ proxy: { policy: { ...defaultRolloutPolicy, evaluateEveryMs: 600_000 } } });
    customers = await signUpMany(stack.url, 8);
    // Warm environments for the clients first: this is about flips, not cold starts on two cores.
    await stack.admin.setFlag('auth', { state: 'lambda', force: true, reason: 'warm up' }).expect(200);
    await Promise.all(customers.slice(0, 4).map(async (customer) => {
      await getMe(stack.url, customer).expect(200);
      await logIn(stack.url, customer).expect(200);
    }));
    await stack.admin.setFlag('auth', { state: 'legacy', reason: 'warmed up' }).expect(200);
  });

  afterAll(() => stack?.stop());

  it('fails no request while auth moves legacy → shadow → canary 50% → lambda → legacy', async () => {
    const startedAt = new Date();
    const unexpected: string[] = [];
    let answered = 0;
    let flipping = true;
    const flipper = async () => {
      for (const flip of flips) {
        await sleep(1_000);
        await stack.admin.setFlag('auth', flip).expect(200);
      }
      await sleep(1_000);
      flipping = false;
    };
    const client = async (offset: number) => {
      for (let i = offset; flipping; i++) {
        const customer = customers[i % customers.length]!;
        const call = [
          { name: 'me', send: () => getMe(stack.url, customer), status: 200 },
          { name: 'login', send: () => logIn(stack.url, customer), status: 200 },
          { name: 'login with a wrong password', send: () => logIn(stack.url, customer, 'not the password'), status: 401 },
        ][i % 3]!;
        try {
          const response = await call.send();
          answered += 1;
          if (response.status !== call.status) unexpected.push(`${call.name}: ${response.status} ${response.text}`);
        } catch (error) {
          // A connection error, or an answer the contract does not allow.
          unexpected.push(`${call.name}: ${String(error)}`);
        }
      }
    };

    await Promise.all([flipper(), ...[0, 1, 2, 3].map(client)]);

    expect(unexpected).toEqual([]);
    expect(answered).toBeGreaterThan(50);
    expect((await stack.admin.audit()).slice(0, 4).map((change) => change.to)).toEqual(['legacy', 'lambda', 'canary', 'shadow']);
    const served = (target: 'legacy' | 'lambda') => stack.proxy.stats.window.sample({ capability: 'auth', target }, startedAt, new Date()).requests;
    expect(served('lambda')).toBeGreaterThan(0);
    expect(served('legacy')).toBeGreaterThan(0);
  });
});
