import { match, type MatchFunction } from 'path-to-regexp';
import type { RouteDefinition } from './route-table';

/** A request matched to the route table. */
export interface MatchedRoute {
  route: RouteDefinition;
  /** Values as they appear in the raw path, still percent-encoded: each event format decodes its own way. */
  rawPathParameters: Record<string, string>;
}

export type RouteMatcher = (method: string, pathname: string) => MatchedRoute | undefined;

type CompiledRoute = { route: RouteDefinition; matches: MatchFunction<Record<string, string | string[]>> };

/**
 * API Gateway writes parameters as {id} and greedy ones as {path+}; path-to-regexp 8 (and so
 * Express 5) spells them :id and *path, and reads {…} as an optional group.
 */
export const toExpressPath = (template: string) => template.replace(/\{(\w+)\+\}/g, '*$1').replace(/\{(\w+)\}/g, ':$1');

// A greedy parameter matches as its segments; API Gateway passes it as one string.
const joinSegments = (params: Record<string, string | string[]>) =>
  Object.fromEntries(Object.entries(params).map(([name, value]) => [name, Array.isArray(value) ? value.join('/') : value]));

/**
 * Compiles the route table once into per-method matchers. Matching follows Express's defaults
 * (case-insensitive, optional trailing slash) so both sides agree on what a path means.
 */
export function createRouteMatcher(table: readonly RouteDefinition[]): RouteMatcher {
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const route of table) {
    const compiled = byMethod.get(route.method) ?? [];
    compiled.push({ route, matches: match(toExpressPath(route.path), { decode: false }) });
    byMethod.set(route.method, compiled);
  }
  return (method, pathname) => {
    for (const { route, matches } of byMethod.get(method) ?? []) {
      const result = matches(pathname);
      if (result) return { route, rawPathParameters: joinSegments(result.params) };
    }
    return undefined;
  };
}
