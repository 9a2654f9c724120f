import { match, type MatchFunction } from 'path-to-regexp';
import type { RouteDefinition } from './route-table';

/** A request matched to the route table. */
export interface MatchedRoute {
  route: RouteDefinition;
  /** Values as they appear in the raw path, still percent-encoded: each event format decodes its own way. */
  rawPathParameters: Record<string, string>;
}

export type RouteMatcher = (method: string, pathname: string) => MatchedRoute | undefined;

type CompiledRoute = { route: RouteDefinition; matches: MatchFunction<Record<string, string>> };

// API Gateway writes parameters as {id}; path-to-regexp 8 reads {…} as an optional group.
const toPathToRegexp = (template: string) => template.replace(/\{(\w+)\}/g, ':$1');

/**
 * Compiles the route table once into per-method matchers. Matching follows Express's defaults
 * (case-insensitive, optional trailing slash) so both sides agree on what a path means.
 */
export function createRouteMatcher(table: readonly RouteDefinition[]): RouteMatcher {
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const route of table) {
    const compiled = byMethod.get(route.method) ?? [];
    compiled.push({ route, matches: match(toPathToRegexp(route.path), { decode: false }) });
    byMethod.set(route.method, compiled);
  }
  return (method, pathname) => {
    for (const { route, matches } of byMethod.get(method) ?? []) {
      const result = matches(pathname);
      if (result) return { route, rawPathParameters: result.params };
    }
    return undefined;
  };
}
