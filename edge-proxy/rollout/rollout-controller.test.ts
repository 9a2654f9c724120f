import { describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../core/auth/auth-test-kit';
import { InMemoryFlagStore } from '../../core/flags/adapters/in-memory-flag.store';
import { FlagService, rolloutControllerActor } from '../../core/flags/flag.service';
import { createLogger } from '../../core/logging/create-logger';
import { defaultRolloutPolicy } from '../../core/rollout/rollout-policy';
import { SlidingTrafficWindow } from '../../core/rollout/stats/sliding-window';
import { anObservation } from '../../core/rollout/stats/traffic-test-kit';
import { RolloutController, type RolloutControllerDeps, type RolloutNotice } from './rollout-controller';

const start = new Date('2026-11-23T10:00:00.000Z');
const perfect = { rate: 1, sample: 1000 };

/** A controller over flags in memory and a live window this test fills; time moves only when told. */
function createController() {
  const clock = new FixedClock(start);
  const store = new InMemoryFlagStore();
  const flags = new FlagService({
    store,
    clock,
    routes: [{ id: 'auth.me', capability: 'auth', hasFunction: true, parityFrom: ['auth.me'] }],
    policy: defaultRolloutPolicy,
    evidence: async () => ({ parity: { 'auth.me': perfect } }),
  });
  const window = new SlidingTrafficWindow(60);
  const notices: RolloutNotice[] = [];
  let applied = 0;
  const deps: RolloutControllerDeps = {
    flags,
    window,
    policy: defaultRolloutPolicy,
    clock,
    logger: createLogger('test', 'silent'),
    notify: async (notice) => void notices.push(notice),
    applied: async () => void (applied += 1),
  };
  const controller = new RolloutController(deps);
  /** `count` requests to auth.me on `target` during the current second, `errors` of them 5xx. */
  const traffic = (target: 'legacy' | 'lambda', count: number, { errors = 0, durationMs = 10 } = {}) => {
    for (let i = 0; i < count; i++) window.record(anObservation({ target, status: i < errors ? 503 : 200, durationMs, at: clock.now() }));
  };
  const state = async () => (await flags.getCapabilityFlag('auth'));
  return { clock, flags, deps, controller, traffic, notices, state, applied: () => applied };
}

describe('RolloutController', () => {
  it('rolls a canary back to legacy when the Lambda fails more than 5% of 20 or more requests, audits and notifies', async () => {
    const { clock, flags, controller, traffic, notices, state, applied } = createController();
    await flags.setCapabilityFlag('auth', { state: 'canary', percent: 20, reason: 'parity is clean' }, 'alice');
    clock.advanceSeconds(2);
    traffic('lambda', 25, { errors: 5 });
    traffic('legacy', 100);
    await controller.evaluate();
    expect((await state()).state).toBe('legacy');
    const [rollback] = await flags.history(1);
    expect(rollback).toMatchObject({ actor: rolloutControllerActor, fromState: 'canary', toState: 'legacy', forced: false });
    expect(rollback!.reason).toMatch(/^automatic rollback: .*20\.0%/);
    expect(rollback!.evidence).toMatchObject({ health: { lambda: { requests: 25, errors: 5 }, legacy: { requests: 100, errors: 0 } } });
    expect(notices).toEqual([expect.objectContaining({ kind: 'rollback', name: 'auth', from: 'canary 20%', to: 'legacy' })]);
    expect(applied()).toBe(1);
  });

  it('also rolls back a capability fully on its Lambda, and when its p99 is over twice the monolith’s', async () => {
    const { clock, flags, controller, traffic, state } = createController();
    await flags.setCapabilityFlag('auth', { state: 'canary', percent: 50, reason: 'parity is clean' }, 'alice');
    clock.advanceSeconds(2);
    traffic('lambda', 40, { durationMs: 400 });
    traffic('legacy', 40, { durationMs: 100 });
    await controller.evaluate();
    expect((await flags.history(1))[0]!.reason).toMatch(/p99/);
    expect((await state()).state).toBe('legacy');

    const { clock: later, flags: lambdaFlags, controller: lambdaController, traffic: lambdaTraffic, state: lambdaState } = createController();
    await lambdaFlags.setCapabilityFlag('auth', { state: 'lambda', reason: 'all in' }, 'alice');
    later.advanceSeconds(2);
    lambdaTraffic('lambda', 20, { errors: 2 });
    await lambdaController.evaluate();
    expect((await lambdaState()).state).toBe('legacy');
  });

  it('does nothing on too little traffic, or on traffic from before the flag moved', async () => {
    const { clock, flags, controller, traffic, notices, state } = createController();
    traffic('lambda', 100, { errors: 100 });
    clock.advanceSeconds(1);
    await flags.setCapabilityFlag('auth', { state: 'canary', percent: 20, reason: 'parity is clean' }, 'alice');
    clock.advanceSeconds(1);
    traffic('lambda', 19, { errors: 19 });
    await controller.evaluate();
    expect((await state()).state).toBe('canary');
    expect(notices).toEqual([]);
  });

  it('advances a ramp one step per hold while healthy, holds while inconclusive, and ends on lambda', async () => {
    const { clock, flags, controller, traffic, state, notices } = createController();
    await flags.setCapabilityFlag('auth', { state: 'canary', ramp: { steps: [5, 50, 100], holdSeconds: 30 }, reason: 'ramp it' }, 'alice');
    clock.advanceSeconds(10);
    traffic('lambda', 30);
    await controller.evaluate();
    expect((await state()).canaryPercent).toBe(5); // held for 10 s of 30

    clock.advanceSeconds(25);
    await controller.evaluate();
    expect(await state()).toMatchObject({ state: 'canary', canaryPercent: 50, ramp: { stepIndex: 1 } });

    clock.advanceSeconds(31);
    await controller.evaluate();
    expect((await state()).canaryPercent).toBe(50); // no Lambda traffic since the step: inconclusive, not healthy

    traffic('lambda', 30);
    await controller.evaluate();
    expect(await state()).toMatchObject({ state: 'lambda', canaryPercent: 0, ramp: null });
    expect(notices.map((notice) => [notice.kind, notice.from, notice.to])).toEqual([
      ['ramp', 'canary 5%', 'canary 50%'],
      ['ramp', 'canary 50%', 'lambda'],
    ]);
    expect((await flags.history(1))[0]).toMatchObject({ actor: rolloutControllerActor, toState: 'lambda', reason: expect.stringMatching(/^ramp complete after 50%/) });
  });

  it('rolls back on a firing CloudWatch alarm of the function, even without traffic on this instance', async () => {
    const { clock, flags, deps, state, notices } = createController();
    await flags.setCapabilityFlag('auth', { state: 'canary', percent: 20, reason: 'parity is clean' }, 'alice');
    clock.advanceSeconds(2);
    const asked: string[] = [];
    const reader = { firing: async (functionName: string) => (asked.push(functionName), functionName === 'auth' ? ['24hv-prod-auth-errors'] : []) };
    await new RolloutController({ ...deps, alarms: { reader, functionsOf: () => ['auth'] } }).evaluate();
    expect(asked).toEqual(['auth']);
    expect((await state()).state).toBe('legacy');
    expect((await flags.history(1))[0]!.reason).toMatch(/^automatic rollback: The function's CloudWatch alarm 24hv-prod-auth-errors is in ALARM; The Lambda served 0 requests/);
    expect(notices).toEqual([expect.objectContaining({ kind: 'rollback', name: 'auth' })]);
  });

  it('judges on this instance’s traffic alone when the alarms cannot be read', async () => {
    const { clock, flags, deps, traffic, state } = createController();
    await flags.setCapabilityFlag('auth', { state: 'canary', percent: 20, reason: 'parity is clean' }, 'alice');
    clock.advanceSeconds(2);
    const reader = { firing: async () => Promise.reject(new Error('AccessDenied')) };
    const controller = new RolloutController({ ...deps, alarms: { reader, functionsOf: () => ['auth'] } });
    await controller.evaluate();
    expect((await state()).state).toBe('canary');

    traffic('lambda', 25, { errors: 5 });
    await controller.evaluate();
    expect((await state()).state).toBe('legacy');
  });

  it('on its timer, starts an evaluation only after the last one ended, and stops', async () => {
    const { deps } = createController();
    let running = 0;
    let mostAtOnce = 0;
    let evaluations = 0;
    const slowFlags = {
      ...deps.flags,
      listCapabilityFlags: async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 30)); // six timer periods
        running--;
        evaluations++;
        return [];
      },
    };
    const controller = new RolloutController({ ...deps, flags: slowFlags, policy: { ...deps.policy, evaluateEveryMs: 5 } });
    controller.start();
    await vi.waitFor(() => expect(evaluations).toBeGreaterThanOrEqual(3), { timeout: 2_000 });
    const whenStopped = evaluations;
    await controller.stop();
    const afterStop = evaluations;
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(mostAtOnce).toBe(1);
    // Stopping waits for the evaluation under way at most: none were queued behind it.
    expect(afterStop).toBeLessThanOrEqual(whenStopped + 1);
    expect(evaluations).toBe(afterStop);
  });

  it('leaves a flag an engineer moved meanwhile alone (the version decides)', async () => {
    const { clock, flags, deps, traffic, state, notices } = createController();
    const canary = await flags.setCapabilityFlag('auth', { state: 'canary', percent: 20, reason: 'parity is clean' }, 'alice');
    clock.advanceSeconds(2);
    traffic('lambda', 25, { errors: 25 });
    await flags.setCapabilityFlag('auth', { state: 'shadow', reason: 'back to shadow by hand' }, 'bob');
    // The controller read the canary just before the engineer's change landed.
    const stale = { listCapabilityFlags: async () => [canary.flag], listRouteFlags: async () => [], applyAutomatic: flags.applyAutomatic.bind(flags) };
    await new RolloutController({ ...deps, flags: stale }).evaluate();
    expect(notices).toEqual([]);
    expect(await state()).toMatchObject({ state: 'shadow', updatedBy: 'bob' });
  });
});
