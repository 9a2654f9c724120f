import { describe, expect, it } from 'vitest';
import { decideOutcome, type SettlementFacts } from './settlement';

const complete = { id: 'job-1', status: 'complete', error: null } as const;
const metadata = { width: 320, height: 240 };

const facts = (overrides: Partial<SettlementFacts>): SettlementFacts => ({ job: complete, metadata, renditionStatuses: ['ready', 'skipped'], ...overrides });

describe('decideOutcome', () => {
  it('makes a video ready once its job completed and its metadata is in', () => {
    expect(decideOutcome(facts({}))).toEqual({ status: 'ready' });
  });

  it('waits for whichever step has not finished', () => {
    expect(decideOutcome(facts({ metadata: undefined }))).toBeUndefined();
    expect(decideOutcome(facts({ job: { ...complete, status: 'processing' } }))).toBeUndefined();
    expect(decideOutcome(facts({ job: undefined }))).toBeUndefined();
  });

  it('fails a video with its job’s reason, without waiting for metadata', () => {
    const error = { code: 'media_unreadable', message: 'not a video' };
    expect(decideOutcome(facts({ job: { ...complete, status: 'failed', error }, metadata: undefined }))).toEqual({ status: 'failed', error });
  });

  it('fails a video every preset of which would have been an upscale, naming its size', () => {
    expect(decideOutcome(facts({ renditionStatuses: ['skipped', 'skipped', 'skipped', 'skipped'] }))).toEqual({
      status: 'failed',
      error: { code: 'source_too_small', message: 'Every preset would upscale a 320×240 video: the smallest, 480p, needs at least 480 lines' },
    });
  });
});
