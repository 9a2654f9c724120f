/**
 * How the edge proxy asks a function for a dry run: the shadow copy of a write whose effects are
 * only in the database runs in a transaction that is rolled back. The marks travel as stage
 * variables, which API Gateway sets from its own configuration and no client can send.
 */
export const dryRunResources = ['user', 'subscription'] as const;

export type DryRunResource = (typeof dryRunResources)[number];

export interface DryRunRequest {
  /** A resource the primary created, removed first inside the dry run (see ShadowPolicy). */
  readonly removes?: { readonly resource: DryRunResource; readonly id: string };
}

const dryRunVariable = 'stranglerDryRun';
const removesVariable = 'stranglerDryRunRemoves';

/** The stage variables that mark an invocation as a dry run. */
export function toDryRunStageVariables(request: DryRunRequest): Record<string, string> {
  const variables: Record<string, string> = { [dryRunVariable]: 'true' };
  if (request.removes) variables[removesVariable] = `${request.removes.resource}:${request.removes.id}`;
  return variables;
}

const isDryRunResource = (value: string): value is DryRunResource => (dryRunResources as readonly string[]).includes(value);

/** The dry run an invocation asks for; undefined for a normal invocation. A malformed mark is ignored, not guessed at. */
export function readDryRunRequest(stageVariables: Readonly<Record<string, string | undefined>> | undefined | null): DryRunRequest | undefined {
  if (stageVariables?.[dryRunVariable] !== 'true') return undefined;
  const removes = stageVariables[removesVariable];
  if (!removes) return {};
  const separator = removes.indexOf(':');
  const resource = removes.slice(0, separator);
  const id = removes.slice(separator + 1);
  return separator > 0 && id && isDryRunResource(resource) ? { removes: { resource, id } } : {};
}
