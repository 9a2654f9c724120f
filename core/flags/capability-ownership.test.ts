import { describe, expect, it } from 'vitest';
import { stateChange } from './flag-test-kit';
import { InMemoryFlagStore } from './adapters/in-memory-flag.store';
import { CapabilityOwnership, eventOwnerOf } from './capability-ownership';

const flipAt = new Date('2026-11-23T10:00:00.000Z');

describe('CapabilityOwnership', () => {
  it('gives every capability to the monolith until it is flipped', async () => {
    const store = new InMemoryFlagStore();
    expect(await new CapabilityOwnership(store, 'monolith').owns('transcoding')).toBe(true);
    expect(await new CapabilityOwnership(store, 'lambda').owns('transcoding')).toBe(false);
  });

  it('follows a flip at the next question, for that capability only', async () => {
    const store = new InMemoryFlagStore();
    const monolith = new CapabilityOwnership(store, 'monolith');
    const lambda = new CapabilityOwnership(store, 'lambda');
    await store.change(stateChange({ scope: 'capability', name: 'transcoding', toState: 'lambda', fromState: 'legacy', reason: 'test', actor: 't', expectedVersion: 0, at: flipAt }));
    expect([await monolith.owns('transcoding'), await lambda.owns('transcoding')]).toEqual([false, true]);
    expect([await monolith.owns('notifications'), await lambda.owns('notifications')]).toEqual([true, false]);
  });

  it('ignores per-route overrides: events belong to the capability as a whole', async () => {
    const store = new InMemoryFlagStore();
    await store.change(stateChange({ scope: 'route', name: 'transcoding.job', toState: 'lambda', fromState: 'legacy', reason: 'test', actor: 't', expectedVersion: 0, at: flipAt }));
    expect(await new CapabilityOwnership(store, 'monolith').owns('transcoding')).toBe(true);
  });
});

describe('eventOwnerOf', () => {
  it('hands events to the Lambda only once the capability is on it', () => {
    expect(eventOwnerOf('legacy')).toBe('monolith');
    expect(eventOwnerOf('lambda')).toBe('lambda');
  });
});
