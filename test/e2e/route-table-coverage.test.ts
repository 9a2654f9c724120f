import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toExpressPath } from '../../edge-proxy/routing/match-route';
import { routeTable } from '../../edge-proxy/routing/route-table';
import type { Monolith } from '../../legacy-app/compose-monolith';
import { createMonolith, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD /path` the app's router (and the routers mounted in it) registers. */
function registeredRoutes(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods).filter((method) => method !== '_all').map((method) => `${method.toUpperCase()} ${layer.route!.path}`);
    }
    return layer.handle?.stack ? registeredRoutes(layer.handle.stack) : [];
  });
}

describe('the route table', () => {
  let context: ServingContext;
  let monolith: Monolith;

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    monolith = await createMonolith(context);
  });

  afterAll(async () => {
    await monolith.stop();
    await context.dataSource.destroy();
    await context.database.dispose();
  });

  it('lists every route the monolith\u2019s Express router registers', () => {
    const routes = registeredRoutes((monolith.app as unknown as { router: { stack: Layer[] } }).router.stack);
    const table = new Set(routeTable.map((route) => `${route.method} ${toExpressPath(route.path)}`));
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((route) => !table.has(route))).toEqual([]);
  });

  it('gives every route a unique id and a unique method and path', () => {
    expect(new Set(routeTable.map((route) => route.id)).size).toBe(routeTable.length);
    expect(new Set(routeTable.map((route) => `${route.method} ${route.path}`)).size).toBe(routeTable.length);
  });
});
