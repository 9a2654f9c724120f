import { describe, expect, it } from 'vitest';
import { FixedClock } from '../auth/auth-test-kit';
import { ValidationError } from '../errors/app-error';
import { defaultRolloutPolicy } from '../rollout/rollout-policy';
import { InMemoryFlagStore } from './adapters/in-memory-flag.store';
import { GateRefusedError, NoLambdaForCapabilityError, NoLambdaForRouteError, UnknownCapabilityError, UnknownRouteError } from './flag.errors';
import { FlagService, rolloutControllerActor, type MigratableRoute } from './flag.service';
import type { ParityByRoute } from './parity-gate';

const routes: MigratableRoute[] = [
  { id: 'auth.signup', capability: 'auth', hasFunction: true, parityFrom: ['auth.signup'] },
  { id: 'auth.me', capability: 'auth', hasFunction: true, parityFrom: ['auth.me'] },
  { id: 'transcoding.start', capability: 'transcoding', hasFunction: true, parityFrom: ['transcoding.job'] },
  { id: 'transcoding.job', capability: 'transcoding', hasFunction: true, parityFrom: ['transcoding.job'] },
  { id: 'videos.get', capability: 'videos', hasFunction: false, parityFrom: ['videos.get'] },
];

const perfect = { rate: 1, sample: 500 };

function createFlagService(parity: ParityByRoute = { 'auth.signup': perfect, 'auth.me': perfect, 'transcoding.job': perfect }) {
  const store = new InMemoryFlagStore();
  const clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'));
  const asked: string[][] = [];
  const service = new FlagService({
    store,
    clock,
    routes,
    policy: defaultRolloutPolicy,
    evidence: async (routeIds) => {
      asked.push([...routeIds]);
      return { parity, lambda: { errorRate: 0.01 } };
    },
  });
  return { store, clock, service, asked };
}

describe('FlagService', () => {
  it('lists every capability, on legacy until someone flips it', async () => {
    const { service } = createFlagService();
    const flags = await service.listCapabilityFlags();
    expect(flags.map((flag) => [flag.name, flag.state, flag.version])).toEqual([
      ['auth', 'legacy', 0],
      ['videos', 'legacy', 0],
      ['transcoding', 'legacy', 0],
      ['metadata', 'legacy', 0],
      ['notifications', 'legacy', 0],
    ]);
  });

  it('walks legacy → shadow → canary → lambda, auditing who, when, why and the evidence of each step', async () => {
    const { service } = createFlagService();
    await service.setCapabilityFlag('auth', { state: 'shadow', reason: '  compare first  ' }, 'alice');
    await service.setCapabilityFlag('auth', { state: 'canary', percent: 10, reason: 'parity is clean' }, 'alice');
    const update = await service.setCapabilityFlag('auth', { state: 'lambda', reverseShadow: true, reason: 'canary healthy' }, 'bob');
    expect(update.flag).toMatchObject({ name: 'auth', state: 'lambda', reverseShadow: true, canaryPercent: 0, updatedBy: 'bob' });
    const history = await service.history(10);
    expect(history.map((change) => [change.fromState, change.toState, change.toPercent, change.actor, change.forced])).toEqual([
      ['canary', 'lambda', 0, 'bob', false],
      ['shadow', 'canary', 10, 'alice', false],
      ['legacy', 'shadow', 0, 'alice', false],
    ]);
    expect(history[2]).toMatchObject({ reason: 'compare first', changedAt: new Date('2026-11-23T10:00:00.000Z') });
    expect(history[0]!.evidence).toMatchObject({ parity: { 'auth.signup': perfect, 'auth.me': perfect }, lambda: { errorRate: 0.01 } });
  });

  it('changes nothing, and audits nothing, when the setting is already the requested one', async () => {
    const { service } = createFlagService();
    expect((await service.setCapabilityFlag('auth', { state: 'legacy', reason: 'no-op' }, 'alice')).change).toBeUndefined();
    await service.setCapabilityFlag('auth', { state: 'canary', percent: 5, reason: 'start' }, 'alice');
    expect((await service.setCapabilityFlag('auth', { state: 'canary', percent: 5, reason: 'again' }, 'alice')).change).toBeUndefined();
    expect((await service.setCapabilityFlag('auth', { state: 'canary', percent: 25, reason: 'wider' }, 'alice')).change).toMatchObject({ toPercent: 25 });
    expect(await service.history(10)).toHaveLength(2);
  });

  it('refuses unknown names and malformed settings with a clear error', async () => {
    const { service } = createFlagService();
    await expect(service.setCapabilityFlag('billing', { state: 'lambda', reason: 'why not' }, 'a')).rejects.toThrow(UnknownCapabilityError);
    await expect(service.setFlag({ scope: 'route', name: 'auth.nope' }, { state: 'lambda', reason: 'why not' }, 'a')).rejects.toThrow(UnknownRouteError);
    const invalid = [
      { state: 'blue', reason: 'why not' },
      { state: 'lambda' },
      { state: 'canary', reason: 'no share given' },
      { state: 'canary', percent: 100, reason: '100 is lambda' },
      { state: 'canary', percent: 0, reason: 'nothing' },
      { state: 'canary', percent: 12.5, reason: 'fractions' },
      { state: 'shadow', percent: 10, reason: 'share outside canary' },
      { state: 'canary', percent: 10, reverseShadow: true, reason: 'reverse outside lambda' },
      { state: 'canary', ramp: { steps: [50, 25] }, reason: 'falling ramp' },
      { state: 'canary', ramp: { steps: [100] }, reason: 'ramp starting at 100' },
      { state: 'lambda', ramp: { steps: [5, 100] }, reason: 'ramp outside canary' },
      { state: 'lambda', reason: 'typo', forse: true },
    ];
    for (const body of invalid) await expect(service.setCapabilityFlag('auth', body, 'a'), JSON.stringify(body)).rejects.toThrow(ValidationError);
  });

  it('refuses to move a capability or route that has no Lambda yet', async () => {
    const { service } = createFlagService();
    await expect(service.setCapabilityFlag('videos', { state: 'shadow', reason: 'too early' }, 'a')).rejects.toThrow(NoLambdaForCapabilityError);
    await expect(service.setFlag({ scope: 'route', name: 'videos.get' }, { state: 'shadow', reason: 'too early' }, 'a')).rejects.toThrow(NoLambdaForRouteError);
  });

  it('gates serving customers from the Lambda on every measured route’s parity, and names what is missing', async () => {
    const { service, asked } = createFlagService({ 'auth.signup': { rate: 0.97, sample: 300 }, 'auth.me': { rate: 1, sample: 5 } });
    await service.setCapabilityFlag('auth', { state: 'shadow', reason: 'compare first' }, 'a');
    const refused = service.setCapabilityFlag('auth', { state: 'canary', percent: 5, reason: 'hope' }, 'a');
    await expect(refused).rejects.toThrow(GateRefusedError);
    await expect(refused).rejects.toThrow(/auth\.signup: parity 97\.0% over 300 .*auth\.me: 5 shadow comparisons/);
    await expect(service.setCapabilityFlag('auth', { state: 'lambda', reason: 'hope' }, 'a')).rejects.toThrow(GateRefusedError);
    expect((await service.getCapabilityFlag('auth')).state).toBe('shadow');
    // transcoding.start is compared through its read-back, so only transcoding.job needs parity.
    expect(asked.at(-1)).toEqual(['auth.signup', 'auth.me']);
  });

  it('lets a forced change through the gate, and the audit keeps that it was forced, why, and what was overridden', async () => {
    const { service } = createFlagService({});
    const update = await service.setCapabilityFlag('auth', { state: 'lambda', force: true, reason: 'incident: monolith auth down' }, 'carol');
    expect(update.flag.state).toBe('lambda');
    expect(update.change).toMatchObject({ forced: true, reason: 'incident: monolith auth down', actor: 'carol' });
    expect(update.change!.evidence).toMatchObject({ overriddenGates: ['auth.signup: 0 shadow comparisons (needs 99.0% over at least 20)', 'auth.me: 0 shadow comparisons (needs 99.0% over at least 20)'] });
  });

  it('does not gate going back: lambda to canary, a canary share change, rollback to legacy', async () => {
    const { service } = createFlagService({});
    await service.setCapabilityFlag('auth', { state: 'lambda', force: true, reason: 'incident' }, 'a');
    await expect(service.setCapabilityFlag('auth', { state: 'canary', percent: 50, reason: 'step back' }, 'a')).resolves.toMatchObject({ flag: { state: 'canary' } });
    await expect(service.setCapabilityFlag('auth', { state: 'canary', percent: 20, reason: 'narrower' }, 'a')).resolves.toMatchObject({ flag: { canaryPercent: 20 } });
    await expect(service.setCapabilityFlag('auth', { state: 'legacy', reason: 'rollback' }, 'a')).resolves.toMatchObject({ flag: { state: 'legacy' } });
  });

  it('starts a ramp at its first step', async () => {
    const { service } = createFlagService();
    const update = await service.setCapabilityFlag('auth', { state: 'canary', ramp: { steps: [5, 25, 50, 100], holdSeconds: 60 }, reason: 'ramp it' }, 'a');
    expect(update.flag).toMatchObject({ state: 'canary', canaryPercent: 5, ramp: { steps: [5, 25, 50, 100], stepIndex: 0, holdSeconds: 60 } });
  });

  it('keeps a capability on legacy for the cool-down after an automatic rollback, unless forced', async () => {
    const { service, clock } = createFlagService();
    const canary = await service.setCapabilityFlag('auth', { state: 'canary', percent: 10, reason: 'parity is clean' }, 'a');
    await service.applyAutomatic(canary.flag, { state: 'legacy', canaryPercent: 0, reverseShadow: false, ramp: null }, 'error rate 20%', { lambda: { errorRate: 0.2 } });
    expect((await service.history(1))[0]).toMatchObject({ actor: rolloutControllerActor, toState: 'legacy', evidence: { lambda: { errorRate: 0.2 } } });
    clock.advanceSeconds(defaultRolloutPolicy.rollbackCooldownSeconds - 1);
    await expect(service.setCapabilityFlag('auth', { state: 'canary', percent: 5, reason: 'retry' }, 'a')).rejects.toThrow(/rolled back automatically .*error rate 20%.*cool-down ends/);
    // Shadowing a fix serves no customer from the Lambda: allowed at once.
    await expect(service.setCapabilityFlag('auth', { state: 'shadow', reason: 'shadow the fix' }, 'a')).resolves.toMatchObject({ flag: { state: 'shadow' } });
    await service.setCapabilityFlag('auth', { state: 'legacy', reason: 'back' }, 'a');
    clock.advanceSeconds(1);
    await expect(service.setCapabilityFlag('auth', { state: 'canary', percent: 5, reason: 'retry' }, 'a')).resolves.toMatchObject({ flag: { state: 'canary' } });
  });

  it('keeps the cool-down on every path to customers: through shadow, and for a route of the rolled-back capability', async () => {
    const { service, clock } = createFlagService();
    const canary = await service.setCapabilityFlag('auth', { state: 'canary', percent: 10, reason: 'parity is clean' }, 'a');
    await service.applyAutomatic(canary.flag, { state: 'legacy', canaryPercent: 0, reverseShadow: false, ramp: null }, 'error rate 20%', {});
    await service.setCapabilityFlag('auth', { state: 'shadow', reason: 'shadow the fix' }, 'a');

    await expect(service.setCapabilityFlag('auth', { state: 'canary', percent: 5, reason: 'retry' }, 'a')).rejects.toThrow(/capability auth was rolled back automatically/);
    await expect(service.setFlag({ scope: 'route', name: 'auth.me' }, { state: 'lambda', reason: 'just this route' }, 'a')).rejects.toThrow(/capability auth was rolled back automatically/);
    const forced = await service.setFlag({ scope: 'route', name: 'auth.me' }, { state: 'lambda', force: true, reason: 'fixed, verified by hand' }, 'a');
    expect(forced.change).toMatchObject({ forced: true });

    clock.advanceSeconds(defaultRolloutPolicy.rollbackCooldownSeconds);
    await expect(service.setCapabilityFlag('auth', { state: 'canary', percent: 5, reason: 'retry' }, 'a')).resolves.toMatchObject({ flag: { state: 'canary' } });
  });

  it('gates a route override of a write never sent twice on the parity of its read-back', async () => {
    const { service, asked } = createFlagService({ 'transcoding.job': { rate: 0.5, sample: 100 } });
    await expect(service.setFlag({ scope: 'route', name: 'transcoding.start' }, { state: 'lambda', reason: 'writes too' }, 'a')).rejects.toThrow(/transcoding\.job: parity 50\.0% over 100/);
    expect(asked.at(-1)).toEqual(['transcoding.job']);
  });

  it('pins a route at legacy while its capability moves on, until its override is removed', async () => {
    const { service } = createFlagService();
    const pinned = await service.setFlag({ scope: 'route', name: 'auth.me' }, { state: 'legacy', reason: 'keep on the monolith' }, 'a');
    expect(pinned.change).toMatchObject({ scope: 'route', name: 'auth.me', toState: 'legacy' });
    await service.setCapabilityFlag('auth', { state: 'lambda', reason: 'parity is clean' }, 'a');
    expect((await service.listRouteFlags()).map((flag) => [flag.name, flag.state])).toEqual([['auth.me', 'legacy']]);

    const { change } = await service.clearRouteFlag('auth.me', { reason: 'follow auth' }, 'a');

    expect(change).toMatchObject({ name: 'auth.me', fromState: 'legacy', toState: 'inherit', forced: false });
    expect(await service.listRouteFlags()).toEqual([]);
    expect(await service.clearRouteFlag('auth.me', { reason: 'again' }, 'a')).toEqual({});
    await expect(service.clearRouteFlag('auth.nope', { reason: 'typo' }, 'a')).rejects.toThrow(/auth\.nope/);
    await expect(service.clearRouteFlag('auth.me', { reason: 'x', extra: 1 }, 'a')).rejects.toThrow(ValidationError);
  });

  it('lets a route override its capability, gated on that route alone', async () => {
    const { service, asked } = createFlagService();
    const update = await service.setFlag({ scope: 'route', name: 'transcoding.job' }, { state: 'lambda', reason: 'reads first' }, 'a');
    expect(update.flag).toMatchObject({ scope: 'route', name: 'transcoding.job', state: 'lambda' });
    expect(asked.at(-1)).toEqual(['transcoding.job']);
    expect((await service.listRouteFlags()).map((flag) => flag.name)).toEqual(['transcoding.job']);
  });
});
