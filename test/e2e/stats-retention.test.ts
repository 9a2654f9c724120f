import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityStatEntity } from '../../core/rollout/parity/adapters/parity-stat.entity';
import { RouteStatsEntity } from '../../core/rollout/stats/adapters/route-stats.entity';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import { waitUntil } from '../support/customer';
import { startProxy, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

const dayMs = 86_400_000;
const daysAgo = (days: number) => new Date(Math.floor((Date.now() - days * dayMs) / 60_000) * 60_000);

const routeMinute = (minute: Date, routeId: string): RouteStatsEntity => ({
  minute,
  routeId,
  target: 'legacy',
  instanceId: 'an-old-proxy',
  requests: 1,
  errors: 0,
  latencySumMs: 1,
  latencyBuckets: '[]',
  requestBytes: 0,
  responseBytes: 0,
});
const parityMinute = (minute: Date, routeId: string): ParityStatEntity => ({ minute, routeId, instanceId: 'an-old-proxy', compared: 1, matched: 1, dropped: 0 });

describe('an edge proxy starting on a database with stats past their retention', () => {
  let context: ServingContext;
  let proxy: EdgeProxy;

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    await context.dataSource.getRepository(RouteStatsEntity).insert([routeMinute(daysAgo(20), 'kept'), routeMinute(daysAgo(36), 'expired')]);
    await context.dataSource.getRepository(ParityStatEntity).insert([parityMinute(daysAgo(34), 'kept'), parityMinute(daysAgo(61), 'expired')]);
    proxy = await startProxy(context, { legacyUrl: 'http://127.0.0.1:9', lambdaEndpoint: 'http://127.0.0.1:9' }, { statsRetentionDays: 35 });
  });

  afterAll(async () => {
    await proxy?.close();
    await context?.dataSource.destroy();
    await context?.database.dispose();
  });

  it('deletes the old minutes of route_stats and parity_stats at start, keeping the recent ones', async () => {
    const routesIn = async () => {
      const traffic = (await context.dataSource.getRepository(RouteStatsEntity).find()).map((row) => row.routeId);
      const parity = (await context.dataSource.getRepository(ParityStatEntity).find()).map((row) => row.routeId);
      return { traffic, parity };
    };
    expect(await waitUntil(routesIn, ({ traffic, parity }) => traffic.length === 1 && parity.length === 1, 5_000)).toEqual({ traffic: ['kept'], parity: ['kept'] });
  });
});
