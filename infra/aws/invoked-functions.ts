import { eventSubscribers } from '../../core/pipeline/event-subscribers';
import { topics } from '../../core/pipeline/topics';
import { routeTable, type RouteDefinition } from '../../edge-proxy/routing/route-table';
import { edgeProxyFunction, legacyMonolithName } from './deployed-functions';

type Topic = (typeof topics)[keyof typeof topics];

// What each function's code publishes by asynchronous invocation (LambdaAsyncEventBus): outcomes
// when a video settles (transcoding, metadata), and everything the monolith's side announces
// (its uploads, its job states, its outcomes).
const topicsPublishedBy: Readonly<Record<string, readonly Topic[]>> = {
  transcoding: [topics.videoOutcomes],
  metadata: [topics.videoOutcomes],
  [legacyMonolithName]: [topics.storedObjects, topics.jobStates, topics.videoOutcomes],
};

/**
 * The functions a deployed function invokes, by registry name: the proxy those the route table
 * and its authorizer name (and the monolith when it is a function); a publisher the subscribers
 * of its topics. Functions not deployed are left out: nothing may be granted on them.
 */
export function invokedFunctions(functionName: string, deployed: ReadonlySet<string>, table: readonly RouteDefinition[] = routeTable): string[] {
  const targets =
    functionName === edgeProxyFunction.name
      ? ['authorizer', legacyMonolithName, ...table.flatMap((route) => (route.functionName === null ? [] : [route.functionName]))]
      : (topicsPublishedBy[functionName] ?? []).flatMap((topic) => eventSubscribers[topic] ?? []);
  return [...new Set(targets)].filter((name) => deployed.has(name)).sort();
}
