import type { Flag } from '../../core/flags/flag';
import { resolveFlag, type FlagSnapshot } from '../../core/flags/flag-snapshot';
import { inCanary } from '../../core/rollout/canary-bucket';
import type { RouteDefinition, ShadowPolicy } from './route-table';

export type Target = 'legacy' | 'lambda';

/** Who answers a request, and whether the other side gets a copy to compare. */
export interface RouteDecision {
  readonly target: Target;
  /** The flag that decided (the route's override or its capability's); undefined for routes that cannot move. */
  readonly flag?: Flag;
  readonly shadow?: { readonly target: Target; readonly policy: ShadowPolicy };
}

const onLegacy: RouteDecision = { target: 'legacy' };

/**
 * Decides who serves a request of `route` from the flags: its own override, else its capability's.
 * Only a route with a function can go to Lambda. In `shadow`, and for the clients a canary leaves
 * on the monolith, the Lambda gets a copy (parity keeps being measured); in `lambda` with
 * reverse shadow the monolith does. Writes with external effects are never copied (read-back).
 * `clientKey` is asked only by a canary: decoding the caller's token costs every other request.
 */
export function decideRoute(snapshot: FlagSnapshot, route: RouteDefinition, clientKey: () => string): RouteDecision {
  if (!route.capability || !route.functionName) return onLegacy;
  const flag = resolveFlag(snapshot, { id: route.id, capability: route.capability });
  if (!flag) return onLegacy;
  const copyTo = (target: Target) => (route.shadow.mode === 'read-back' ? undefined : { target, policy: route.shadow });
  switch (flag.state) {
    case 'legacy':
      return { target: 'legacy', flag };
    case 'shadow':
      return { target: 'legacy', flag, shadow: copyTo('lambda') };
    case 'canary':
      return inCanary(flag.name, clientKey(), flag.canaryPercent) ? { target: 'lambda', flag } : { target: 'legacy', flag, shadow: copyTo('lambda') };
    case 'lambda':
      // The monolith cannot run a write as a dry run on its shared connection: reverse shadow copies reads only.
      return { target: 'lambda', flag, shadow: flag.reverseShadow && route.shadow.mode === 'mirror' ? copyTo('legacy') : undefined };
  }
}
