import type { FlagState } from '../../core/flags/flag';
import { resolveFlagState, type FlagSnapshot } from '../../core/flags/flag-snapshot';
import type { RouteDefinition } from './route-table';

/** Who serves a route now: its flag decides, but only a route with a function can go to Lambda. */
export function resolveRouteTarget(snapshot: FlagSnapshot, route: RouteDefinition): FlagState {
  if (!route.capability || !route.functionName) return 'legacy';
  return resolveFlagState(snapshot, { id: route.id, capability: route.capability });
}
