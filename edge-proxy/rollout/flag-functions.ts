import type { Flag } from '../../core/flags/flag';
import type { RouteDefinition } from '../routing/route-table';

/** The functions that serve a flag's traffic on the Lambda path: its route's, or its capability's routes'. */
export function functionsOfFlag(flag: Pick<Flag, 'scope' | 'name'>, routes: readonly Pick<RouteDefinition, 'id' | 'capability' | 'functionName'>[]): string[] {
  const governed = routes.filter((route) => (flag.scope === 'capability' ? route.capability === flag.name : route.id === flag.name));
  return [...new Set(governed.flatMap((route) => (route.functionName ? [route.functionName] : [])))];
}
