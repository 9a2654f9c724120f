import type { Flag } from './flag';

/** Every flag, indexed for O(1) lookups on the request path. */
export interface FlagSnapshot {
  readonly capabilities: ReadonlyMap<string, Flag>;
  readonly routes: ReadonlyMap<string, Flag>;
}

/** Indexes a list of flags by scope and name. */
export function toFlagSnapshot(flags: readonly Flag[]): FlagSnapshot {
  const capabilities = new Map<string, Flag>();
  const routes = new Map<string, Flag>();
  for (const flag of flags) (flag.scope === 'capability' ? capabilities : routes).set(flag.name, flag);
  return { capabilities, routes };
}

/** The flag that decides a route: its own override, else its capability's; undefined when neither was ever set. */
export function resolveFlag(snapshot: FlagSnapshot, route: { id: string; capability: string }): Flag | undefined {
  return snapshot.routes.get(route.id) ?? snapshot.capabilities.get(route.capability);
}

/** Whether two snapshots hold the same flags at the same versions. */
export function sameFlagVersions(a: FlagSnapshot, b: FlagSnapshot): boolean {
  const versions = (snapshot: FlagSnapshot) =>
    [...snapshot.capabilities.values(), ...snapshot.routes.values()]
      .map((flag) => `${flag.scope}:${flag.name}@${flag.version}`)
      .sort()
      .join(',');
  return versions(a) === versions(b);
}
