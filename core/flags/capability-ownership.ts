import type { Capability } from './capabilities';
import type { FlagStore } from './flag.store';
import type { FlagState } from './flag';

/** Where a capability's code runs: the monolith (server or lift-and-shift Lambda) or its extracted Lambda. */
export type Side = 'monolith' | 'lambda';

/** The side that consumes a capability's events in a state: the Lambda once the capability is on it. */
export function eventOwnerOf(state: FlagState): Side {
  return state === 'lambda' ? 'lambda' : 'monolith';
}

/**
 * Answers "does this side own the capability right now?" for event handlers. Read fresh from the
 * flag store on every event, never cached: a flip must move event consumption at once, and both
 * sides must agree on who owns what at the moment each processes an event.
 */
export class CapabilityOwnership {
  constructor(
    private readonly flags: Pick<FlagStore, 'list'>,
    private readonly side: Side,
  ) {}

  async owns(capability: Capability): Promise<boolean> {
    const flag = (await this.flags.list()).find((candidate) => candidate.scope === 'capability' && candidate.name === capability);
    return eventOwnerOf(flag?.state ?? 'legacy') === this.side;
  }
}
