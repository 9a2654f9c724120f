import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors/app-error';
import { parseFlagControl } from './flag-control-form';

const detailsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.details;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('the flag control form', () => {
  it('turns each control into the change the admin API would be sent', () => {
    expect(parseFlagControl('auth', { action: 'flip', state: 'shadow', reason: 'measure parity' })).toEqual({
      action: 'flip',
      change: { state: 'shadow', reason: 'measure parity' },
      summary: 'Flip auth to shadow',
    });
    expect(parseFlagControl('auth', { action: 'canary', percent: ' 25 ', reason: 'parity is good', force: 'on' }).change).toEqual({ state: 'canary', percent: 25, reason: 'parity is good', force: true });
    expect(parseFlagControl('auth', { action: 'ramp', steps: '5, 25 50% 100', holdSeconds: '', reason: 'go ahead' }).change).toEqual({ state: 'canary', ramp: { steps: [5, 25, 50, 100], holdSeconds: 300 }, reason: 'go ahead' });
    expect(parseFlagControl('auth', { action: 'rollback', reason: 'errors up', force: 'on' })).toMatchObject({ change: { state: 'legacy', reason: 'errors up' }, summary: expect.stringMatching(/^Roll auth back/) });
  });

  it('requires a reason', () => {
    expect(detailsOf(() => parseFlagControl('auth', { action: 'flip', state: 'shadow' }))).toEqual([{ path: 'reason', message: 'say why' }]);
    expect(detailsOf(() => parseFlagControl('auth', { action: 'rollback', reason: '  ' }))).toEqual([{ path: 'reason', message: 'say why, in at least 3 characters' }]);
  });

  it('names the field of a bad percent, ramp or state', () => {
    expect(detailsOf(() => parseFlagControl('auth', { action: 'canary', percent: 'lots', reason: 'why not' }))).toEqual([{ path: 'percent', message: 'must be a whole number' }]);
    expect(detailsOf(() => parseFlagControl('auth', { action: 'canary', percent: '100', reason: 'why not' }))[0]).toMatchObject({ path: 'percent' });
    expect(detailsOf(() => parseFlagControl('auth', { action: 'ramp', steps: '50, 25', reason: 'why not' }))[0]).toMatchObject({ path: 'ramp.steps', message: expect.stringMatching(/rise/) });
    expect(detailsOf(() => parseFlagControl('auth', { action: 'flip', state: 'sideways', reason: 'why not' }))[0]).toMatchObject({ path: 'state' });
    expect(detailsOf(() => parseFlagControl('auth', { action: 'flip', state: 'canary', reason: 'why not' }))[0]).toMatchObject({ path: 'state' });
    expect(detailsOf(() => parseFlagControl('auth', { action: 'explode', reason: 'why not' }))[0]).toMatchObject({ path: 'action' });
  });
});
