import { readFile } from 'node:fs/promises';
import { request as forward, type RequestListener, type Server } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { UserEntity } from '../../core/auth/adapters/user.entity';
import type { PublicUser } from '../../core/auth/user';
import { listen, serverUrl } from '../../core/process/serve';
import type { toChangeView, toMismatchView, toParityView } from '../../edge-proxy/admin/admin-views';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import type { ProxyConfig } from '../../edge-proxy/proxy.config';
import { findFunction, type FunctionDefinition } from '../../extracted-functions/registry';
import { fixtureFunction } from '../fixtures/functions/fixture-functions';
import { contractRequest } from './contract-request';
import { waitUntil } from './customer';
import { startMonolith, startProxy, startRuntime, stopMonolith, testAdminToken, type ServingContext } from './serving-modes';
import { testAuthConfig } from './test-auth';
import { createTestDatabase, openMigrated } from './test-database';

export type ParityView = ReturnType<typeof toParityView>;
type MismatchView = ReturnType<typeof toMismatchView>;
/** An audit entry as the admin API sends it (dates as ISO strings). */
export type ChangeView = ReturnType<typeof toChangeView>;

/** The body of PUT /_strangler/api/flags/:capability (core/flags/flag-setting-request.ts). */
export interface FlagRequest {
  state: 'legacy' | 'shadow' | 'canary' | 'lambda';
  percent?: number;
  force?: boolean;
  reason: string;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** An HTTP server on a free local port that hands every request to `onRequest`. */
async function startLocalServer(onRequest: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = await listen(onRequest, 0, '127.0.0.1');
  return { url: serverUrl(server), close: () => closeServer(server) };
}

/** Forwards everything to `targetUrl`, noting `METHOD /path` of each request: shows what reached the monolith, and how often. */
async function startCountingForwarder(targetUrl: string) {
  const seen: string[] = [];
  const target = new URL(targetUrl);
  const server = await startLocalServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = forward({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => res.destroy(error));
    req.pipe(upstream);
  });
  return { ...server, seen };
}

/** Records the raw body of every POST it gets, answering 204: the engineers' webhook. */
export async function startWebhookReceiver() {
  const received: string[] = [];
  const server = await startLocalServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  return { ...server, received };
}

/** The engineers' admin API of a proxy, called with the admin token. */
function adminApi(url: string) {
  const asEngineer = (test: request.Test) => test.set('authorization', `Bearer ${testAdminToken}`).set('x-strangler-actor', 'delivery-test');
  return {
    setFlag: (capability: string, body: FlagRequest) => asEngineer(request(url).put(`/_strangler/api/flags/${capability}`)).send(body),
    parity: async (): Promise<ParityView[]> => (await asEngineer(request(url).get('/_strangler/api/parity')).expect(200)).body.routes,
    mismatches: async (route?: string): Promise<MismatchView[]> =>
      (await asEngineer(request(url).get('/_strangler/api/parity/mismatches')).query(route ? { route } : {}).expect(200)).body.mismatches,
    /** Newest first. */
    audit: async (): Promise<ChangeView[]> => (await asEngineer(request(url).get('/_strangler/api/audit')).expect(200)).body.changes,
  };
}

/**
 * One scenario's whole system on a database of its own (flags, parity and the audit trail are
 * shared through it): the monolith behind a forwarder that counts what reaches it, a runtime
 * serving `auth` (the real function unless given another) and the real authorizer, and the proxy
 * listening where customers call.
 */
export async function startDeliveryStack({ auth = findFunction('auth')!, proxy: overrides = {} }: { auth?: FunctionDefinition; proxy?: Partial<ProxyConfig> } = {}) {
  const database = await createTestDatabase('sqlite');
  const context: ServingContext = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
  const monolith = await startMonolith(context);
  const forwarder = await startCountingForwarder(monolith.url);
  const runtime = await startRuntime(context, [auth, findFunction('authorizer')!]);
  const proxy: EdgeProxy = await startProxy(context, { legacyUrl: forwarder.url, lambdaEndpoint: runtime.url }, overrides);
  const edge = await startLocalServer(proxy.app);
  return {
    proxy,
    /** Where customers call. */
    url: edge.url,
    /** `METHOD /path` of every request that reached the monolith, in order. */
    monolithRequests: forwarder.seen as readonly string[],
    admin: adminApi(edge.url),
    /** Route keys of the invocations a journaling fixture (misbehaving-auth.handler.ts) served, in order. */
    authInvocations: () => readJournal(path.join(database.config.dataDir, 'auth-invocations.jsonl')),
    /** The users table's rows with this email. */
    usersWithEmail: (email: string) => context.dataSource.getRepository(UserEntity).findBy({ email }),
    stop: async () => {
      await edge.close();
      await proxy.close();
      await runtime.close();
      await forwarder.close();
      await stopMonolith(monolith);
      await context.dataSource.destroy();
      await database.dispose();
    },
  };
}

export type DeliveryStack = Awaited<ReturnType<typeof startDeliveryStack>>;

async function readJournal(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { routeKey: string }).routeKey);
}

/** A customer who signed up, with what they need to log in and call. */
export interface SignedUpUser {
  readonly user: PublicUser;
  readonly email: string;
  readonly password: string;
  readonly token: string;
}

/** The real auth function misbehaving as `handler` of misbehaving-auth.handler.ts says, with the real function's limits. */
export const misbehavingAuth = (handler: 'capitalisesNames' | 'failsEveryFifth' | 'alwaysFails') =>
  fixtureFunction('auth', 'misbehaving-auth.handler.ts', { handler, timeoutSeconds: 10, reservedConcurrency: 10 });

let signups = 0;

/**
 * Waits into the next whole second after a flip: the rollout controller judges whole seconds from
 * the flip on, so requests sent in the flip's own second are not evidence for or against the Lambda.
 */
export const pastTheFlipSecond = () => sleep(1_050 - (Date.now() % 1_000));

/** Signs a new customer up through `url` (answered 201, checked against the contract). */
export async function signUp(url: string): Promise<SignedUpUser> {
  signups += 1;
  const email = `delivery-${signups}-${Date.now()}@example.com`;
  const password = 'correct horse battery';
  const response = await contractRequest(url).post('/api/auth/signup').send({ email, password, name: `Customer ${signups}` }).expect(201);
  return { user: response.body.user, email, password, token: response.body.token };
}

/** Signs `count` new customers up through `url`, one after the other. */
export async function signUpMany(url: string, count: number): Promise<SignedUpUser[]> {
  const customers: SignedUpUser[] = [];
  for (let i = 0; i < count; i++) customers.push(await signUp(url));
  return customers;
}

/** GET /api/users/me as `customer`, checked against the contract. */
export const getMe = (url: string, customer: SignedUpUser) => contractRequest(url).get('/api/users/me').set('authorization', `Bearer ${customer.token}`);

/** POST /api/auth/login as `customer` (with another password to fail it), checked against the contract. */
export const logIn = (url: string, customer: SignedUpUser, password = customer.password) =>
  contractRequest(url).post('/api/auth/login').send({ email: customer.email, password });

/**
 * Waits until every shadow copy sent so far was compared and counted, i.e. until the parity view
 * shows `compared` comparisons for each route given; fails after a few seconds with what it saw.
 */
export async function settleShadows(stack: DeliveryStack, compared: Readonly<Record<string, number>>): Promise<ParityView[]> {
  return waitUntil(
    async () => {
      await stack.proxy.shadowQueue.idle();
      await stack.proxy.parity.flush();
      return stack.admin.parity();
    },
    (routes) => Object.entries(compared).every(([routeId, count]) => routes.find((route) => route.route === routeId)?.compared === count),
    5_000,
  );
}
