import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { DataSource } from 'typeorm';
import { inDryRun } from '../../core/database/dry-run';
import type { RepositorySource } from '../../core/database/repository-source';
import { removeDryRunResource } from '../../core/rollout/adapters/typeorm-dry-run-removal';
import { readDryRunRequest } from '../../core/rollout/dry-run-request';
import type { HttpRoute, HttpRoutes, JsonReply } from './http-function';

/** A function's services of its warm container, and the same services over another source of repositories. */
export interface DryRunnableServices<S> {
  readonly dataSource: DataSource;
  readonly services: S;
  readonly servicesOver: (source: RepositorySource) => S;
}

/** A route that is handed the services it must use for this invocation. */
export type ServiceRoute<S> = (services: S, event: APIGatewayProxyEventV2) => Promise<JsonReply>;

function dryRunnable<S>(warm: () => Promise<DryRunnableServices<S>>, route: ServiceRoute<S>): HttpRoute {
  return async (event) => {
    const { dataSource, services, servicesOver } = await warm();
    const dryRun = readDryRunRequest(event.stageVariables);
    if (!dryRun) return route(services, event);
    return inDryRun(dataSource, async (manager) => {
      if (dryRun.removes) await removeDryRunResource(manager, dryRun.removes);
      return route(servicesOver(manager), event);
    });
  };
}

/**
 * HTTP routes that honour the edge proxy's dry-run mark (see core/rollout/dry-run-request.ts): a
 * marked invocation first removes what the primary created, then runs with services over a
 * transaction that is rolled back, and answers as usual so the proxy can compare. Any other
 * invocation runs with the warm services.
 */
export function dryRunnableRoutes<S>(warm: () => Promise<DryRunnableServices<S>>, routes: Record<string, ServiceRoute<S>>): HttpRoutes {
  return Object.fromEntries(Object.entries(routes).map(([routeKey, route]) => [routeKey, dryRunnable(warm, route)]));
}
