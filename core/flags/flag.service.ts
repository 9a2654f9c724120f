import { z } from 'zod';
import type { Clock } from '../clock/clock';
import { parseInput } from '../validation/parse-input';
import { capabilities, isCapability } from './capabilities';
import { defaultFlag, flagStates, type Flag, type FlagChange } from './flag';
import { NoLambdaForCapabilityError, UnknownCapabilityError } from './flag.errors';
import type { FlagStore } from './flag.store';

const setFlagSchema = z.object({
  state: z.enum(flagStates, { error: `must be one of ${flagStates.join(', ')}` }),
  reason: z.string().trim().min(3, 'say why, in at least 3 characters').max(500, 'must be at most 500 characters'),
});

export interface FlagUpdate {
  flag: Flag;
  /** The audit entry; absent when the flag already had the requested state. */
  change?: FlagChange;
}

/** Reads and moves the migration flags of capabilities, with validation and an audit trail. */
export class FlagService {
  constructor(
    private readonly store: FlagStore,
    private readonly clock: Clock,
    /** Whether a capability has a Lambda to move to (from the route table). */
    private readonly hasLambda: (capability: string) => boolean,
  ) {}

  /** One flag per capability, defaults included. */
  async listCapabilityFlags(): Promise<Flag[]> {
    const stored = new Map((await this.store.list()).filter((f) => f.scope === 'capability').map((f) => [f.name, f]));
    return capabilities.map((name) => stored.get(name) ?? defaultFlag('capability', name));
  }

  async getCapabilityFlag(name: string): Promise<Flag> {
    if (!isCapability(name)) throw new UnknownCapabilityError(name);
    const flags = await this.listCapabilityFlags();
    return flags.find((flag) => flag.name === name)!;
  }

  /** Moves a capability to `state` for a stated reason; the change and its author are audited. */
  async setCapabilityFlag(name: string, body: unknown, actor: string): Promise<FlagUpdate> {
    const current = await this.getCapabilityFlag(name);
    const input = parseInput(setFlagSchema, body);
    if (input.state === current.state) return { flag: current };
    if (input.state !== 'legacy' && !this.hasLambda(name)) throw new NoLambdaForCapabilityError(name);
    const change = await this.store.change({
      scope: 'capability',
      name,
      fromState: current.state,
      toState: input.state,
      reason: input.reason,
      actor,
      expectedVersion: current.version,
      at: this.clock.now(),
    });
    const flag: Flag = { ...current, state: change.toState, version: change.id, updatedAt: change.changedAt, updatedBy: actor };
    return { flag, change };
  }

  /** The audit trail, newest first. */
  history(limit: number): Promise<FlagChange[]> {
    return this.store.history(limit);
  }
}
