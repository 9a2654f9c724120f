import type { Clock } from '../clock/clock';
import type { RolloutPolicy } from '../rollout/rollout-policy';
import { parseInput } from '../validation/parse-input';
import { capabilities, isCapability } from './capabilities';
import { defaultFlag, type Flag, type FlagChange, type FlagEvidence, type FlagScope, type FlagSetting, type FlagState } from './flag';
import { GateRefusedError, NoLambdaForCapabilityError, NoLambdaForRouteError, UnknownCapabilityError, UnknownRouteError } from './flag.errors';
import type { FlagHistoryFilter, FlagStore } from './flag.store';
import { overrideRemovalSchema, parseFlagChange, sameSetting } from './flag-setting-request';
import { parityGateRefusals, type ParityByRoute } from './parity-gate';

/** A route as flags see it (from the route table). */
export interface MigratableRoute {
  readonly id: string;
  readonly capability: string | null;
  readonly hasFunction: boolean;
  /**
   * The routes whose shadow parity vouches for it: itself when its copy is compared (mirror,
   * dry-run); for a write never sent twice, the reads that show its effect (read-back).
   */
  readonly parityFrom: readonly string[];
}

/** What is known now about some routes: their parity (for the gate), and whatever else the audit keeps. */
export type RolloutEvidence = FlagEvidence & { readonly parity: ParityByRoute };

export interface FlagServiceDeps {
  store: FlagStore;
  clock: Clock;
  routes: readonly MigratableRoute[];
  policy: Pick<RolloutPolicy, 'parityThreshold' | 'parityMinSample' | 'rollbackCooldownSeconds'>;
  evidence: (routeIds: readonly string[]) => Promise<RolloutEvidence>;
}

export interface FlagTarget {
  readonly scope: FlagScope;
  readonly name: string;
}

export interface FlagUpdate {
  flag: Flag;
  /** The audit entry; absent when the flag already had the requested setting. */
  change?: FlagChange;
}

/** The actor the audit trail names for changes the system makes itself (rollbacks, ramp steps). */
export const rolloutControllerActor = 'rollout-controller';

// Entering these from legacy or shadow, or canary to lambda, puts customers on the Lambda: the parity gate applies.
const servesCustomersFromLambda = (from: FlagState, to: FlagState) =>
  (to === 'canary' && (from === 'legacy' || from === 'shadow')) || (to === 'lambda' && from !== 'lambda');

/** Reads and moves the migration flags of capabilities and routes, with validation, gates and an audit trail. */
export class FlagService {
  constructor(private readonly deps: FlagServiceDeps) {}

  /** One flag per capability, defaults included. */
  async listCapabilityFlags(): Promise<Flag[]> {
    const stored = new Map((await this.deps.store.list()).filter((f) => f.scope === 'capability').map((f) => [f.name, f]));
    return capabilities.map((name) => stored.get(name) ?? defaultFlag('capability', name));
  }

  /** The per-route overrides that have been set. */
  async listRouteFlags(): Promise<Flag[]> {
    return (await this.deps.store.list()).filter((f) => f.scope === 'route');
  }

  async getCapabilityFlag(name: string): Promise<Flag> {
    return this.getFlag({ scope: 'capability', name });
  }

  async getFlag(target: FlagTarget): Promise<Flag> {
    this.routesOf(target);
    const stored = (await this.deps.store.list()).find((f) => f.scope === target.scope && f.name === target.name);
    return stored ?? defaultFlag(target.scope, target.name);
  }

  setCapabilityFlag(name: string, body: unknown, actor: string): Promise<FlagUpdate> {
    return this.setFlag({ scope: 'capability', name }, body, actor);
  }

  /**
   * Moves a capability (or overrides one route) for a stated reason. Serving customers from the
   * Lambda needs shadow parity, and serving them from it again right after an automatic rollback
   * waits out the cool-down (shadowing a fix meanwhile is fine); `force` overrides both, and the audit keeps that it was forced, why, and the evidence.
   */
  async setFlag(target: FlagTarget, body: unknown, actor: string): Promise<FlagUpdate> {
    const routes = this.routesOf(target);
    const current = await this.getFlag(target);
    const { setting, input } = parseFlagChange(body);
    // A route without an override reads as legacy, but pinning it there is a change: it stops following its capability.
    const newOverride = target.scope === 'route' && current.version === 0;
    if (!newOverride && sameSetting(setting, current)) return { flag: current };
    if (setting.state !== 'legacy' && !routes.some((route) => route.hasFunction)) {
      throw target.scope === 'capability' ? new NoLambdaForCapabilityError(target.name) : new NoLambdaForRouteError(target.name);
    }
    const { forced, evidence } = await this.passGates(target, routes, current.state, setting.state, input.force);
    return this.apply(target, current, setting, { reason: input.reason, actor, forced, evidence });
  }

  /**
   * Removes a route's override: the route follows its capability again, through the same gates
   * when that puts its customers on the Lambda. Without an override nothing changes.
   */
  async clearRouteFlag(route: string, body: unknown, actor: string): Promise<{ change?: FlagChange }> {
    const target: FlagTarget = { scope: 'route', name: route };
    const routes = this.routesOf(target);
    const { reason, force } = parseInput(overrideRemovalSchema, body);
    const current = (await this.listRouteFlags()).find((flag) => flag.name === route);
    if (!current) return {};
    const following = await this.getCapabilityFlag(routes[0]!.capability!);
    const { forced, evidence } = await this.passGates(target, routes, current.state, following.state, force);
    const change = await this.deps.store.removeRouteFlag({ name: route, fromState: current.state, reason, actor, expectedVersion: current.version, at: this.deps.clock.now(), forced, evidence });
    return { change };
  }

  /** The parity gate and the cool-down, when a move puts customers on the Lambda; `force` passes them on the record. */
  private async passGates(target: FlagTarget, routes: readonly MigratableRoute[], from: FlagState, to: FlagState, force = false): Promise<{ forced: boolean; evidence: FlagEvidence }> {
    const measured = [...new Set(routes.filter((route) => route.hasFunction).flatMap((route) => route.parityFrom))];
    const evidence = await this.deps.evidence(measured);
    // By any path (legacy → shadow → canary too), and for a route also after its capability's rollback.
    const refusals = servesCustomersFromLambda(from, to) ? [...parityGateRefusals(measured, evidence.parity, this.deps.policy), ...(await this.cooldownRefusals(target, routes))] : [];
    if (refusals.length > 0 && !force) throw new GateRefusedError(target.name, to, refusals);
    return refusals.length > 0 ? { forced: true, evidence: { ...evidence, overriddenGates: refusals } } : { forced: false, evidence };
  }

  /** Sends a capability back to the monolith with every route of it: their overrides are removed. */
  async rollback(capability: string, reason: string, actor: string): Promise<{ capability: FlagUpdate; removedOverrides: FlagChange[] }> {
    const update = await this.setFlag({ scope: 'capability', name: capability }, { state: 'legacy', reason }, actor);
    const itsRoutes = new Set(this.deps.routes.filter((route) => route.capability === capability).map((route) => route.id));
    const removedOverrides: FlagChange[] = [];
    for (const override of await this.listRouteFlags()) {
      if (!itsRoutes.has(override.name)) continue;
      const { change } = await this.clearRouteFlag(override.name, { reason }, actor);
      if (change) removedOverrides.push(change);
    }
    return { capability: update, removedOverrides };
  }

  /** A change the system decides itself (rollback, ramp step): no gates, but the same audit trail and version check. */
  applyAutomatic(current: Flag, setting: FlagSetting, reason: string, evidence: FlagEvidence): Promise<FlagUpdate> {
    return this.apply(current, current, setting, { reason, actor: rolloutControllerActor, forced: false, evidence });
  }

  /** The audit trail, newest first. */
  history(limit: number, filter?: FlagHistoryFilter): Promise<FlagChange[]> {
    return this.deps.store.history(limit, filter);
  }

  private async apply(target: FlagTarget, current: Flag, to: FlagSetting, how: { reason: string; actor: string; forced: boolean; evidence: FlagEvidence }): Promise<FlagUpdate> {
    const change = await this.deps.store.change({
      scope: target.scope,
      name: target.name,
      to,
      fromState: current.state,
      reason: how.reason,
      actor: how.actor,
      expectedVersion: current.version,
      at: this.deps.clock.now(),
      forced: how.forced,
      evidence: how.evidence,
    });
    const flag: Flag = { ...current, ...to, version: change.id, updatedAt: change.changedAt, updatedBy: how.actor };
    return { flag, change };
  }

  private async cooldownRefusals(target: FlagTarget, routes: readonly MigratableRoute[]): Promise<string[]> {
    const capability = target.scope === 'route' ? routes[0]?.capability : null;
    const watched: FlagTarget[] = [target, ...(capability ? [{ scope: 'capability' as const, name: capability }] : [])];
    const refusals = await Promise.all(watched.map((one) => this.cooldownRefusal(one)));
    return refusals.filter((refusal) => refusal !== undefined);
  }

  private async cooldownRefusal(target: FlagTarget): Promise<string | undefined> {
    const [lastAutomatic] = await this.deps.store.history(1, { ...target, actor: rolloutControllerActor });
    if (!lastAutomatic || lastAutomatic.toState !== 'legacy') return undefined;
    const endsAt = lastAutomatic.changedAt.getTime() + this.deps.policy.rollbackCooldownSeconds * 1000;
    if (this.deps.clock.now().getTime() >= endsAt) return undefined;
    const what = target.scope === 'capability' ? `capability ${target.name}` : `route ${target.name}`;
    return `${what} was rolled back automatically at ${lastAutomatic.changedAt.toISOString()} (${lastAutomatic.reason}); the cool-down ends at ${new Date(endsAt).toISOString()}`;
  }

  private routesOf(target: FlagTarget): readonly MigratableRoute[] {
    if (target.scope === 'capability') {
      if (!isCapability(target.name)) throw new UnknownCapabilityError(target.name);
      return this.deps.routes.filter((route) => route.capability === target.name);
    }
    const route = this.deps.routes.find((candidate) => candidate.id === target.name && candidate.capability !== null);
    if (!route) throw new UnknownRouteError(target.name);
    return [route];
  }
}
