import request from 'supertest';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../core/database/data-source';
import type { Monolith } from '../../legacy-app/compose-monolith';
import { signUpCustomer, type Customer } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { startTcpRelay, type TcpRelay } from '../support/faults/tcp-relay';
import { createMonolith, testMonolithConfig, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

// PostgreSQL is a server the process talks to over TCP: it can restart under a running monolith.
// SQLite is a file inside the process: there is no connection to lose, so this file needs a server.
const databaseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!databaseUrl)('PostgreSQL restarting under the monolith', () => {
  let context: ServingContext;
  let relay: TcpRelay;
  let throughRelay: DataSource;
  let monolith: Monolith;
  let customer: Customer;

  beforeAll(async () => {
    const database = await createTestDatabase('postgres');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    const server = new URL(database.config.databaseUrl!);
    relay = await startTcpRelay({ host: server.hostname, port: Number(server.port || 5432) });
    const relayed = new URL(server);
    relayed.host = relay.address;
    throughRelay = await createDataSource({ ...database.config, databaseUrl: relayed.toString() }, { poolSize: 4 }).initialize();
    monolith = await createMonolith({ ...context, dataSource: throughRelay }, testMonolithConfig(context));
    customer = await signUpCustomer(monolith.app);
  });

  afterAll(async () => {
    await relay?.setMode('pass');
    await monolith?.stop();
    await throughRelay?.destroy();
    await relay?.close();
    await context?.dataSource.destroy();
    await context?.database.dispose();
  });

  /** Calls GET /api/users/me and returns the answer with how long it took. */
  async function timedMe() {
    const startedAt = Date.now();
    const response = await request(monolith.app).get('/api/users/me').set('authorization', `Bearer ${customer.token}`);
    return { response, elapsedMs: Date.now() - startedAt };
  }

  it('fails fast with 503 unavailable while the server is down, then recovers by itself once it is back', async () => {
    await customer.get('/api/users/me').expect(200);
    await relay.setMode('refuse');
    relay.dropAll();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { response, elapsedMs } = await timedMe();
      expectLegacyError(response, 503, 'unavailable');
      expect(response.headers['retry-after']).toBeDefined();
      expect(elapsedMs).toBeLessThan(1_000);
    }
    await relay.setMode('pass');
    await customer.get('/api/users/me').expect(200);
    await signUpCustomer(monolith.app);
  });

  it('gives up within the connection timeout when the server accepts but never answers, then recovers', async () => {
    await relay.setMode('blackhole');
    relay.dropAll();
    const { response, elapsedMs } = await timedMe();
    expectLegacyError(response, 503, 'unavailable');
    // data-source.ts: connectionTimeoutMillis 5 s.
    expect(elapsedMs).toBeLessThan(7_000);
    await relay.setMode('pass');
    relay.dropAll();
    await customer.get('/api/users/me').expect(200);
  }, 30_000);
});
