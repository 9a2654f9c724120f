import { describe, expect, it } from 'vitest';
import { FixedClock } from '../auth/auth-test-kit';
import { ValidationError } from '../errors/app-error';
import { InMemoryFlagStore } from './adapters/in-memory-flag.store';
import { NoLambdaForCapabilityError, UnknownCapabilityError } from './flag.errors';
import { FlagService } from './flag.service';

function createFlagService() {
  const store = new InMemoryFlagStore();
  const clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'));
  return { store, service: new FlagService(store, clock, (capability) => capability === 'auth') };
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

  it('flips a capability and audits who, when, from, to and why', async () => {
    const { service } = createFlagService();
    const update = await service.setCapabilityFlag('auth', { state: 'lambda', reason: '  shadow looked clean  ' }, 'alice');
    expect(update.flag).toMatchObject({ name: 'auth', state: 'lambda', version: 1, updatedBy: 'alice' });
    expect(await service.history(10)).toEqual([
      { id: 1, scope: 'capability', name: 'auth', fromState: 'legacy', toState: 'lambda', reason: 'shadow looked clean', actor: 'alice', changedAt: new Date('2026-11-23T10:00:00.000Z') },
    ]);
  });

  it('changes nothing, and audits nothing, when the state is already the requested one', async () => {
    const { service } = createFlagService();
    const update = await service.setCapabilityFlag('auth', { state: 'legacy', reason: 'no-op' }, 'alice');
    expect(update.change).toBeUndefined();
    expect(await service.history(10)).toEqual([]);
  });

  it('refuses an unknown capability, an unknown state and a missing reason', async () => {
    const { service } = createFlagService();
    await expect(service.setCapabilityFlag('billing', { state: 'lambda', reason: 'why not' }, 'a')).rejects.toThrow(UnknownCapabilityError);
    await expect(service.setCapabilityFlag('auth', { state: 'canary', reason: 'why not' }, 'a')).rejects.toThrow(ValidationError);
    await expect(service.setCapabilityFlag('auth', { state: 'lambda' }, 'a')).rejects.toThrow(ValidationError);
  });

  it('refuses to move a capability that has no Lambda yet', async () => {
    const { service } = createFlagService();
    await expect(service.setCapabilityFlag('videos', { state: 'lambda', reason: 'too early' }, 'a')).rejects.toThrow(NoLambdaForCapabilityError);
  });
});
