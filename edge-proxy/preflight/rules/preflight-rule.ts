import type { FunctionDefinition } from '../../../extracted-functions/registry';
import type { RouteDefinition, RouteTraits } from '../../routing/route-table';
import type { Finding } from '../migratability-report';
import type { MigrationLimits } from '../migration-limits';

/**
 * A route as the check reads it. `setsCookies` is not in the route table: no route sets a cookie
 * today (neither the monolith's routes nor the functions' createHttpFunction), so it is only
 * declared where the cookie rule needs it.
 */
export type PreflightRoute = RouteDefinition & { readonly traits: RouteTraits & { readonly setsCookies?: true } };

export interface RuleContext {
  readonly limits: MigrationLimits;
  /** The route's function in the registry; undefined when it has none or the registry lacks it. */
  readonly fn: FunctionDefinition | undefined;
}

/** One pre-flight check: what would break for this route on Lambda, if anything. */
export type PreflightRule = (route: PreflightRoute, context: RuleContext) => Finding | undefined;
