import type { Server } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { expect } from 'vitest';
import { listen, serverUrl } from '../../core/process/serve';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import type { ProxyConfig } from '../../edge-proxy/proxy.config';
import { functionRegistry } from '../../extracted-functions/registry';
import type { LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import { readMonolithConfig } from '../../legacy-app/monolith.config';
import { signUpCustomer, type Customer } from '../support/customer';
import { createMonolith, flip, startProxy, startRuntime, stopMonolith, testAdminToken, testEnvironment, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, engines, openMigrated } from '../support/test-database';

/** The real system as customers meet it: the edge proxy listening on a port, in front of the real monolith. */
export interface HostileSystem {
  readonly url: string;
  readonly port: number;
  readonly context: ServingContext;
  readonly proxy: EdgeProxy;
  /** A customer signed up before any hostile input, whose ordinary calls must keep working. */
  readonly customer: Customer;
  readonly monolithUrl: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface HostileSystemOptions {
  /** Functions of the registry to serve from the local Lambda runtime (none: no runtime), for flipping capabilities to them. */
  lambdas?: readonly string[];
  /** Settings of the monolith besides the tests' defaults (e.g. a stricter WEBHOOK_ALLOWLIST). */
  monolithEnv?: Record<string, string>;
  proxy?: Partial<ProxyConfig>;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** Starts a fresh database, the monolith and the edge proxy, both listening on real ports (as `npm start` runs them). */
export async function startHostileSystem({ lambdas = [], monolithEnv = {}, proxy: proxyOverrides = {} }: HostileSystemOptions = {}): Promise<HostileSystem> {
  // PostgreSQL when the suite has one (it refuses bytes SQLite stores, such as NUL), else SQLite.
  const database = await createTestDatabase(engines.at(-1) ?? 'sqlite');
  const context: ServingContext = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
  // Only the functions a file flips to: every process the runtime starts costs seconds of CPU.
  const runtime: LambdaRuntime | undefined = lambdas.length > 0 ? await startRuntime(context, functionRegistry.filter((fn) => lambdas.includes(fn.name))) : undefined;
  // The monolith keeps its events in-process: these files test the HTTP surface, not the pipeline's transport.
  const env = { ...testEnvironment(context), ...monolithEnv };
  const monolith = await createMonolith(context, { ...readMonolithConfig(database.config.dataDir, env), auth: context.authConfig });
  const monolithServer = await listen(monolith.app, 0, '127.0.0.1');
  const monolithUrl = serverUrl(monolithServer);
  const proxy = await startProxy(context, { legacyUrl: monolithUrl, lambdaEndpoint: runtime?.url ?? 'http://127.0.0.1:9' }, proxyOverrides);
  const proxyServer = await listen(proxy.app, 0, '127.0.0.1');
  const url = serverUrl(proxyServer);
  const customer = await signUpCustomer(url);
  return {
    url,
    port: Number(new URL(url).port),
    context,
    proxy,
    customer,
    monolithUrl,
    dataDir: database.config.dataDir,
    stop: async () => {
      await closeServer(proxyServer);
      await proxy.close();
      await stopMonolith({ server: monolithServer, monolith });
      await runtime?.close();
      await context.dataSource.destroy();
      await database.dispose();
    },
  };
}

/** Moves a capability to its Lambda (or back) through the admin API. */
export const flipTo = (system: HostileSystem, capability: string, state: 'legacy' | 'lambda') => flip(system.proxy, capability, state);

/** The engineers' token the test proxy accepts on the admin API. */
export const adminToken = testAdminToken;

/** "Still healthy afterwards": /health answers ok and an ordinary authenticated call still works. */
export async function expectHealthy(system: HostileSystem): Promise<void> {
  const health = await request(system.url).get('/health');
  expect(health.status).toBe(200);
  expect(health.body).toEqual({ status: 'ok' });
  const me = await request(system.url).get('/api/users/me').set('authorization', `Bearer ${system.customer.token}`);
  expect(me.status).toBe(200);
  expect(me.body.id).toBe(system.customer.userId);
}

/** A response read off a raw socket. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** How many HTTP responses came back on the connection (a smuggled request would make two). */
  readonly responseCount: number;
}

/**
 * Sends exact bytes to a port and reads until the server closes the connection (or `idleMs` of
 * silence after a complete answer). Fails when nothing at all comes back in `timeoutMs`: a hang.
 */
export function sendRaw(port: number, bytes: string | Buffer, { timeoutMs = 5000 } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      if (text.length === 0) return reject(new Error('the server closed the connection without answering'));
      try {
        resolve(parseRawResponse(text));
      } catch (error) {
        reject(error as Error);
      }
    };
    const timer = setTimeout(() => {
      if (chunks.length > 0) return finish();
      finished = true;
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // A keep-alive answer does not close: stop a moment after the first response is complete
      // (long enough for a second, smuggled, response to show up behind it).
      if (isCompleteResponse(Buffer.concat(chunks).toString('latin1'))) setTimeout(finish, 250);
    });
    socket.on('end', finish);
    socket.on('error', (error) => (chunks.length > 0 ? finish() : reject(error)));
    socket.write(bytes);
  });
}

function isCompleteResponse(text: string): boolean {
  const headerEnd = text.indexOf('\r\n\r\n');
  if (headerEnd < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headerEnd))?.[1];
  return length !== undefined && Buffer.byteLength(text.slice(headerEnd + 4), 'latin1') >= Number(length);
}

function parseRawResponse(text: string): RawResponse {
  const headerEnd = text.indexOf('\r\n\r\n');
  if (headerEnd < 0) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine = '', ...lines] = text.slice(0, headerEnd).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = text.slice(headerEnd + 4);
  const length = headers['content-length'] === undefined ? rest.length : Number(headers['content-length']);
  const body = Buffer.from(rest, 'latin1').subarray(0, length).toString('utf8');
  return { status, headers, body, responseCount: (text.match(/(^|\r\n)HTTP\/1\.[01] \d{3} /g) ?? []).length };
}

/** The legacy error format on a raw response: status, JSON content type, request id, exactly `{error: {code, message[, details]}}`. */
export function expectRawLegacyError(response: RawResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['x-request-id']).toBeTruthy();
  const body = JSON.parse(response.body) as { error: { code: string; message: string; details?: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  if (status === 400) expect(Array.isArray(body.error.details)).toBe(true);
  else expect(body.error.details).toBeUndefined();
  expect(response.responseCount).toBe(1);
}

/** A folder for files a test generates (clips, forged uploads). */
export const scratchOf = (system: HostileSystem) => path.join(system.dataDir, 'hostile-inputs');
