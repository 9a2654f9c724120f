import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, type LogLine } from '../../core/logging/logging-test-kit';
import { listen, serverUrl } from '../../core/process/serve';
import { defaultRolloutPolicy } from '../../core/rollout/rollout-policy';
import { composeEdgeProxy, type EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import { sampleOf } from '../../edge-proxy/metrics/metrics-test-kit';
import { readProxyConfig } from '../../edge-proxy/proxy.config';
import { findFunction } from '../../extracted-functions/registry';
import { startLambdaRuntime, type LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import { composeMonolith, type Monolith } from '../../legacy-app/compose-monolith';
import { repositoryRoot } from '../fixtures/functions/fixture-functions';
import { waitUntil } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { getMe, misbehavingAuth, pastTheFlipSecond, signUp, startDeliveryStack, type DeliveryStack, type SignedUpUser } from '../support/progressive-delivery-kit';
import { testAdminToken, testEnvironment, testMonolithConfig, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

const metricsToken = 'metrics-token-0123456789abcdef';

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** The JSON lines among a function's invocation logs (the rest is START, END and REPORT). */
const jsonLinesOf = (logs: readonly string[]): LogLine[] =>
  logs
    .flatMap((log) => log.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

const withRequestId = (lines: readonly LogLine[], requestId: string) => lines.filter((line) => line.requestId === requestId);

// One machine, three kinds of process: the proxy and the monolith log through loggers whose lines
// the test keeps; the functions run in the local runtime's child processes, whose output the
// runtime hands over per invocation, as CloudWatch Logs would keep it.
describe('one request followed through proxy, monolith and Lambda, and counted on /metrics', () => {
  let context: ServingContext;
  let runtime: LambdaRuntime;
  let monolith: Monolith;
  let monolithServer: Server;
  let proxy: EdgeProxy;
  let edge: Server;
  let url: string;
  const functionLogs: Record<string, string[]> = { auth: [], authorizer: [] };
  const proxyLogs = capturingLogger('edge-proxy');
  const monolithLogs = capturingLogger('legacy-app');
  let customer: SignedUpUser;
  let proxyEnv: NodeJS.ProcessEnv;

  const scrapeOf = async (edgeUrl: string) => (await request(edgeUrl).get('/metrics').set('authorization', `Bearer ${metricsToken}`).expect(200)).text;
  const scrape = () => scrapeOf(url);
  const flipAuth = (state: 'legacy' | 'shadow' | 'lambda') =>
    request(url).put('/_strangler/api/flags/auth').set('authorization', `Bearer ${testAdminToken}`).send({ state, reason: `observability test: ${state}`, force: true }).expect(200);

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    runtime = await startLambdaRuntime({
      functions: [findFunction('auth')!, findFunction('authorizer')!],
      port: 0,
      rootDir: repositoryRoot,
      environment: { ...testEnvironment(context), LOG_LEVEL: 'info' },
      functionLogs: (functionName, log) => void functionLogs[functionName]?.push(log),
    });
    monolith = await composeMonolith({ dataSource: context.dataSource, config: testMonolithConfig(context), logger: monolithLogs.logger });
    await monolith.start();
    monolithServer = await listen(monolith.app, 0, '127.0.0.1');
    // SHADOW_MAX_LOOP_UTILIZATION=1: the proxy shares the test's event loop, whose busy moments would shed copies this test counts.
    proxyEnv = { LEGACY_URL: serverUrl(monolithServer), LAMBDA_ENDPOINT: runtime.url, STRANGLER_ADMIN_TOKEN: testAdminToken, METRICS_TOKEN: metricsToken };
    proxy = await composeEdgeProxy({ config: { ...readProxyConfig({ ...proxyEnv, SHADOW_MAX_LOOP_UTILIZATION: '1' }), flagRefreshMs: 100 }, authConfig: context.authConfig, dataSource: context.dataSource, logger: proxyLogs.logger });
    edge = await listen(proxy.app, 0, '127.0.0.1');
    url = serverUrl(edge);
    customer = await signUp(url);
    // A cold start on a busy machine can outlast the authorizer's timeout (the monolith then answers
    // instead): the functions serve warm before any test follows a request into them.
    await flipAuth('lambda');
    let warmUps = 0;
    const servedByFunction = async () => {
      const requestId = `warm-up-${++warmUps}`;
      await request(url).get('/api/users/me').set('authorization', `Bearer ${customer.token}`).set('x-request-id', requestId);
      return withRequestId(jsonLinesOf(functionLogs.auth!), requestId).length > 0;
    };
    await waitUntil(servedByFunction, (served) => served, 50_000, 0);
  }, 120_000);

  afterAll(async () => {
    await closeServer(edge);
    await proxy.close();
    await runtime.close();
    await closeServer(monolithServer);
    await monolith.stop();
    await context.dataSource.destroy();
    await context.database.dispose();
  });

  it('finds a monolith-served request under its id in the proxy’s and the monolith’s logs', async () => {
    await flipAuth('legacy');
    await request(url).get('/api/users/me').set('authorization', `Bearer ${customer.token}`).set('x-request-id', 'follow-me-legacy').expect(200).expect('x-request-id', 'follow-me-legacy');

    await waitUntil(async () => withRequestId(proxyLogs.lines, 'follow-me-legacy'), (lines) => lines.length > 0, 5_000);
    expect(withRequestId(proxyLogs.lines, 'follow-me-legacy')).toEqual([expect.objectContaining({ msg: 'request completed', route: 'auth.me', target: 'legacy', status: 200 })]);
    expect(withRequestId(monolithLogs.lines, 'follow-me-legacy')).toEqual([expect.objectContaining({ msg: 'request completed', req: expect.objectContaining({ url: '/api/users/me' }) })]);
  });

  it('finds a Lambda-served request under its id in the proxy’s log and in the function’s own log', async () => {
    await flipAuth('lambda');
    await request(url).get('/api/users/me').set('authorization', `Bearer ${customer.token}`).set('x-request-id', 'follow-me-lambda').expect(200).expect('x-request-id', 'follow-me-lambda');

    await waitUntil(async () => withRequestId(proxyLogs.lines, 'follow-me-lambda'), (lines) => lines.length > 0, 5_000);
    expect(withRequestId(proxyLogs.lines, 'follow-me-lambda')).toEqual([expect.objectContaining({ msg: 'request completed', route: 'auth.me', target: 'lambda', status: 200 })]);
    const functionLines = withRequestId(jsonLinesOf(functionLogs.auth!), 'follow-me-lambda');
    expect(functionLines).toEqual([expect.objectContaining({ name: 'fn-auth', msg: 'request completed', routeKey: 'GET /api/users/me', status: 200, awsRequestId: expect.any(String) })]);
    // Lambda's own id frames the function's lines (START, END, REPORT): the edge's id leads to it.
    expect(functionLogs.auth!.some((log) => log.includes(`START RequestId: ${functionLines[0]!.awsRequestId as string} `))).toBe(true);
    expect(withRequestId(monolithLogs.lines, 'follow-me-lambda')).toEqual([]);
  });

  it('gives every proxy log line about a request its route and target', () => {
    const aboutRequests = proxyLogs.lines.filter((line) => line.requestId !== undefined);
    expect(aboutRequests.length).toBeGreaterThan(2);
    for (const line of aboutRequests) expect(line).toEqual(expect.objectContaining({ route: expect.any(String), target: expect.stringMatching(/^(legacy|lambda)$/) }));
  });

  it('counts requests, errors and latency by route, target and status class', async () => {
    await flipAuth('lambda');
    const before = await scrape();
    await request(url).get('/health').expect(200);
    await request(url).get('/no/such/path').expect(404);
    await request(url).get('/api/users/me').set('authorization', `Bearer ${customer.token}`).expect(200);
    expectLegacyError(await request(url).post('/api/auth/login').send({ email: customer.email, password: 'not the password' }), 401, 'invalid_credentials');
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string>) => (sampleOf(after, name, labels) ?? 0) - (sampleOf(before, name, labels) ?? 0);
    expect(moved('edge_proxy_requests_total', { route: 'platform.health', target: 'legacy', status_class: '2xx' })).toBe(1);
    expect(moved('edge_proxy_requests_total', { route: 'unmatched', target: 'legacy', status_class: '4xx' })).toBe(1);
    expect(moved('edge_proxy_requests_total', { route: 'auth.me', target: 'lambda', status_class: '2xx' })).toBe(1);
    expect(moved('edge_proxy_requests_total', { route: 'auth.login', target: 'lambda', status_class: '4xx' })).toBe(1);
    expect(moved('edge_proxy_request_duration_seconds_count', { route: 'auth.me', target: 'lambda' })).toBe(1);
    expect(moved('edge_proxy_request_duration_seconds_sum', { route: 'auth.me', target: 'lambda' })).toBeGreaterThan(0);
    expect(moved('edge_proxy_request_duration_seconds_bucket', { route: 'auth.me', target: 'lambda', le: '+Inf' })).toBe(1);
    // A 4xx is the customer's mistake, not an error of the side that answered.
    expect(sampleOf(after, 'edge_proxy_request_errors_total', { route: 'auth.login', target: 'lambda', status_class: '4xx' })).toBeUndefined();
    expect(after).toMatch(/^edge_proxy_process_resident_memory_bytes \d+/m);
  });

  it('counts the flips this instance applied and the shadow copies it sent', async () => {
    await flipAuth('legacy');
    const before = await scrape();
    await flipAuth('shadow');
    await request(url).get('/api/users/me').set('authorization', `Bearer ${customer.token}`).expect(200);
    await proxy.shadowQueue.idle();
    await flipAuth('legacy');
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string>) => (sampleOf(after, name, labels) ?? 0) - (sampleOf(before, name, labels) ?? 0);
    expect(moved('edge_proxy_flag_changes_applied_total', { scope: 'capability', name: 'auth', to_state: 'shadow' })).toBe(1);
    expect(moved('edge_proxy_flag_changes_applied_total', { scope: 'capability', name: 'auth', to_state: 'legacy' })).toBe(1);
    expect(moved('edge_proxy_shadow_copies_sent_total', { route: 'auth.me', target: 'lambda' })).toBe(1);
    expect(sampleOf(after, 'edge_proxy_shadow_copies_dropped_total', { route: 'auth.me' })).toBeUndefined();
  });

  it('drops, and counts, the shadow copies offered while its event loop was busier than SHADOW_MAX_LOOP_UTILIZATION', async () => {
    // A second proxy on the same database and functions, shedding copies past 20% busy.
    const shedding = await composeEdgeProxy({ config: readProxyConfig({ ...proxyEnv, SHADOW_MAX_LOOP_UTILIZATION: '0.2' }), authConfig: context.authConfig, dataSource: context.dataSource, logger: capturingLogger('shedding').logger });
    const sheddingEdge = await listen(shedding.app, 0, '127.0.0.1');
    try {
      await flipAuth('shadow');
      await shedding.flagCache.refresh();
      // Longer than the probe's 250 ms window: the loop this proxy shares with the test was busy.
      const busyUntil = performance.now() + 600;
      while (performance.now() < busyUntil);
      await request(serverUrl(sheddingEdge)).get('/api/users/me').set('authorization', `Bearer ${customer.token}`).expect(200);
      await shedding.shadowQueue.idle();
      const scraped = await scrapeOf(serverUrl(sheddingEdge));
      expect(sampleOf(scraped, 'edge_proxy_shadow_copies_dropped_total', { route: 'auth.me' })).toBe(1);
      expect(sampleOf(scraped, 'edge_proxy_shadow_copies_sent_total', { route: 'auth.me', target: 'lambda' })).toBeUndefined();
    } finally {
      await flipAuth('legacy');
      await closeServer(sheddingEdge);
      await shedding.close();
    }
  });

  it('lets only the metrics token scrape, answers refusals in the legacy format, and never forwards /metrics', async () => {
    expectLegacyError(await request(url).get('/metrics'), 401, 'unauthorized');
    expectLegacyError(await request(url).get('/metrics').set('authorization', 'Bearer not-the-metrics-token'), 403, 'forbidden');
    // With a metrics token configured, the engineers' admin token is not a scraper's.
    expectLegacyError(await request(url).get('/metrics').set('authorization', `Bearer ${testAdminToken}`), 403, 'forbidden');
    expectLegacyError(await request(url).post('/metrics').set('authorization', `Bearer ${metricsToken}`), 404, 'not_found');
    expect(monolithLogs.lines.filter((line) => (line.req as { url?: string } | undefined)?.url?.startsWith('/metrics'))).toEqual([]);
  });
});

describe('metrics of a Lambda that fails until the rollout controller rolls it back', () => {
  let stack: DeliveryStack;
  let customer: SignedUpUser;
  let exposition: string;
  const requests = 6;

  beforeAll(async () => {
    stack = await startDeliveryStack({
      auth: misbehavingAuth('alwaysFails'),
      proxy: { policy: { ...defaultRolloutPolicy, evaluateEveryMs: 200, minRequests: requests, maxLatencyRatio: 1_000 } },
    });
    customer = await signUp(stack.url);
    await stack.admin.setFlag('auth', { state: 'lambda', force: true, reason: 'metrics of a failing Lambda' }).expect(200);
    await pastTheFlipSecond();
    // Each GET fails on the Lambda and is answered by the monolith (a fallback).
    for (let i = 0; i < requests; i++) await getMe(stack.url, customer).expect(200);
    await waitUntil(async () => stack.proxy.flagCache.current().capabilities.get('auth')?.state, (state) => state === 'legacy', 10_000);
    // No METRICS_TOKEN here: the engineers' admin token scrapes.
    exposition = (await request(stack.url).get('/metrics').set('authorization', `Bearer ${testAdminToken}`).expect(200)).text;
  });

  afterAll(() => stack?.stop());

  it('counts the automatic rollback, and the change it applied', () => {
    expect(sampleOf(exposition, 'edge_proxy_automatic_rollbacks_total', { scope: 'capability', name: 'auth' })).toBe(1);
    expect(sampleOf(exposition, 'edge_proxy_flag_changes_applied_total', { scope: 'capability', name: 'auth', to_state: 'lambda' })).toBe(1);
    expect(sampleOf(exposition, 'edge_proxy_flag_changes_applied_total', { scope: 'capability', name: 'auth', to_state: 'legacy' })).toBe(1);
  });

  it('counts each failed Lambda attempt as a 5xx error of the Lambda, and each fallback', () => {
    expect(sampleOf(exposition, 'edge_proxy_request_errors_total', { route: 'auth.me', target: 'lambda', status_class: '5xx' })).toBe(requests);
    expect(sampleOf(exposition, 'edge_proxy_lambda_fallbacks_total', { route: 'auth.me' })).toBe(requests);
    expect(sampleOf(exposition, 'edge_proxy_requests_total', { route: 'auth.me', target: 'legacy', status_class: '2xx' })).toBe(requests);
  });
});
