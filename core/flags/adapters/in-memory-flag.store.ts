import { followsCapability, type Flag, type FlagChange } from '../flag';
import { ConcurrentFlagChangeError } from '../flag.errors';
import type { FlagChangeRequest, FlagHistoryFilter, FlagRemovalRequest, FlagStore } from '../flag.store';

/** A FlagStore in memory, for unit tests of flag logic. */
export class InMemoryFlagStore implements FlagStore {
  private readonly flags = new Map<string, Flag>();
  private readonly changes: FlagChange[] = [];

  async list(): Promise<Flag[]> {
    return [...this.flags.values()];
  }

  async latestVersion(): Promise<number> {
    return this.changes.length;
  }

  async change(request: FlagChangeRequest): Promise<FlagChange> {
    const key = `${request.scope}:${request.name}`;
    if ((this.flags.get(key)?.version ?? 0) !== request.expectedVersion) throw new ConcurrentFlagChangeError(request.name);
    const { scope, name, fromState, to, reason, actor, at, forced, evidence } = request;
    const change: FlagChange = { id: this.changes.length + 1, scope, name, fromState, toState: to.state, toPercent: to.canaryPercent, reason, actor, changedAt: at, forced, evidence };
    this.changes.push(change);
    this.flags.set(key, { scope, name, ...to, version: change.id, updatedAt: at, updatedBy: actor });
    return change;
  }

  async removeRouteFlag({ name, fromState, reason, actor, expectedVersion, at, forced, evidence }: FlagRemovalRequest): Promise<FlagChange> {
    const key = `route:${name}`;
    if (this.flags.get(key)?.version !== expectedVersion) throw new ConcurrentFlagChangeError(name);
    const change: FlagChange = { id: this.changes.length + 1, scope: 'route', name, fromState, toState: followsCapability, toPercent: 0, reason, actor, changedAt: at, forced, evidence };
    this.changes.push(change);
    this.flags.delete(key);
    return change;
  }

  async history(limit: number, filter: FlagHistoryFilter = {}): Promise<FlagChange[]> {
    return [...this.changes]
      .reverse()
      .filter((change) => (filter.scope ?? change.scope) === change.scope && (filter.name ?? change.name) === change.name && (filter.actor ?? change.actor) === change.actor)
      .slice(0, limit);
  }
}
