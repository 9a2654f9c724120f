import { describe, expect, it } from 'vitest';
import { matchesEventPattern } from './event-pattern.test-kit';

describe('matchesEventPattern', () => {
  const pattern = { source: ['aws.mediaconvert'], detail: { status: ['COMPLETE', 'ERROR'] } };

  it('matches when every field holds one of the values, nested fields included', () => {
    expect(matchesEventPattern(pattern, { source: 'aws.mediaconvert', detail: { status: 'ERROR', other: 1 } })).toBe(true);
  });

  it('does not match a different value, a missing field or a missing parent', () => {
    expect(matchesEventPattern(pattern, { source: 'aws.mediaconvert', detail: { status: 'PROGRESSING' } })).toBe(false);
    expect(matchesEventPattern(pattern, { source: 'aws.mediaconvert', detail: {} })).toBe(false);
    expect(matchesEventPattern(pattern, { source: 'aws.mediaconvert' })).toBe(false);
  });

  it('matches an array in the event when one of its values matches, as EventBridge does', () => {
    expect(matchesEventPattern({ resources: ['arn:b'] }, { resources: ['arn:a', 'arn:b'] })).toBe(true);
  });

  it('refuses content filters it does not implement instead of guessing', () => {
    expect(() => matchesEventPattern({ source: [{ prefix: 'aws.' }] }, { source: 'aws.s3' })).toThrow(/not supported by this matcher/);
  });
});
