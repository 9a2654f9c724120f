import { ConfigError } from '../../core/config/read-env';
import type { Capability } from '../../core/flags/capabilities';
import { findFunction } from '../../extracted-functions/registry';
import type { RouteDefinition } from '../../edge-proxy/routing/route-table';

/** A route API Gateway sends straight to its function: the proxy hop removed. */
export interface DirectRoute {
  readonly route: RouteDefinition;
  readonly functionName: string;
}

/**
 * The direct routes of the graduated capabilities. A capability graduates whole or not at all: a
 * route left without a function would have nobody to answer it once the proxy stops seeing it.
 */
export function directRoutesOf(graduated: readonly Capability[], table: readonly RouteDefinition[]): DirectRoute[] {
  const problems: string[] = [];
  const direct: DirectRoute[] = [];
  for (const capability of graduated) {
    const routes = table.filter((route) => route.capability === capability);
    const unserved = routes.filter((route) => route.functionName === null || findFunction(route.functionName) === undefined);
    if (routes.length === 0) problems.push(`${capability} has no routes in edge-proxy/routing/route-table.ts`);
    else if (unserved.length > 0) problems.push(`${capability} cannot graduate: ${unserved.map((route) => route.id).join(', ')} ha${unserved.length === 1 ? 's' : 've'} no function in extracted-functions/registry.ts`);
    else for (const route of routes) direct.push({ route, functionName: route.functionName! });
  }
  if (problems.length > 0) throw new ConfigError(`Invalid deploy parameters: -c graduated: ${problems.join('; ')}`);
  return direct;
}
