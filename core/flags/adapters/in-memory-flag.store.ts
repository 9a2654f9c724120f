import type { Flag, FlagChange } from '../flag';
import { ConcurrentFlagChangeError } from '../flag.errors';
import type { FlagChangeRequest, FlagStore } from '../flag.store';

/** A FlagStore in memory, for unit tests of flag logic. */
export class InMemoryFlagStore implements FlagStore {
  private readonly flags = new Map<string, Flag>();
  private readonly changes: FlagChange[] = [];

  async list(): Promise<Flag[]> {
    return [...this.flags.values()];
  }

  async change(request: FlagChangeRequest): Promise<FlagChange> {
    const key = `${request.scope}:${request.name}`;
    if ((this.flags.get(key)?.version ?? 0) !== request.expectedVersion) throw new ConcurrentFlagChangeError(request.name);
    const { scope, name, fromState, toState, reason, actor, at } = request;
    const change: FlagChange = { id: this.changes.length + 1, scope, name, fromState, toState, reason, actor, changedAt: at };
    this.changes.push(change);
    this.flags.set(key, { scope: request.scope, name: request.name, state: request.toState, version: change.id, updatedAt: request.at, updatedBy: request.actor });
    return change;
  }

  async history(limit: number): Promise<FlagChange[]> {
    return [...this.changes].reverse().slice(0, limit);
  }
}
