import { functionRegistry, type FunctionDefinition } from '../../extracted-functions/registry';
import type { MonolithDeployment } from './deploy-parameters';

/** A function this app deploys: one of the registry, or the edge proxy, which has no reserved concurrency. */
export type DeployedFunction = Omit<FunctionDefinition, 'reservedConcurrency'> & { readonly reservedConcurrency?: number };

/** The edge proxy as a Lambda behind the HTTP API's $default route. */
export const edgeProxyFunction: DeployedFunction = {
  name: 'edge-proxy',
  entry: 'edge-proxy/edge-proxy.lambda.ts',
  handler: 'handler',
  description: 'The edge proxy (routing, flags, dispatch to the monolith or a function, admin API) behind the HTTP API',
  // API Gateway ends every integration at 30 s, so the proxy can never use more.
  timeoutSeconds: 30,
  memoryMb: 512,
  // No reservation: it is the front door, and throttling it would refuse every customer at once.
};

export const legacyMonolithName = 'legacy-monolith';

/** Every function of the registry, the monolith left out when an existing one serves its traffic, plus the proxy. */
export function deployedFunctions(monolith: MonolithDeployment): DeployedFunction[] {
  const registry = functionRegistry.filter((fn) => monolith.kind === 'function' || fn.name !== legacyMonolithName);
  return [...registry, edgeProxyFunction];
}
