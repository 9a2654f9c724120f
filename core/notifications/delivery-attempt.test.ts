import { describe, expect, it } from 'vitest';
import { outcomeOfAttempt, retryDelayMs } from './delivery-attempt';

const policy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 5_000 };
const at = new Date('2026-11-23T10:00:00.000Z');

describe('retryDelayMs', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 5_000],
    [10, 5_000],
  ])('doubles from the base delay and caps it: after attempt %i at most %i ms', (attempts, cap) => {
    expect(retryDelayMs(attempts, policy, () => 0.999_999)).toBe(cap);
    expect(retryDelayMs(attempts, policy, () => 0)).toBe(cap / 2);
  });
});

describe('outcomeOfAttempt', () => {
  it('marks a successful attempt delivered, counting it', () => {
    expect(outcomeOfAttempt({ attempts: 2, at }, policy, Math.random)).toEqual({
      status: 'delivered',
      attempts: 2,
      lastError: null,
      nextAttemptAt: at,
      deliveredAt: at,
    });
  });

  it('schedules a failed attempt for a retry after the backoff', () => {
    expect(outcomeOfAttempt({ attempts: 2, error: 'HTTP 500 from http://x/', at }, policy, () => 0.5)).toEqual({
      status: 'pending',
      attempts: 2,
      lastError: 'HTTP 500 from http://x/',
      nextAttemptAt: new Date(at.getTime() + 1_500),
      deliveredAt: null,
    });
  });

  it('gives up after the last attempt', () => {
    const outcome = outcomeOfAttempt({ attempts: 4, error: 'connection refused', at }, policy, Math.random);
    expect(outcome).toMatchObject({ status: 'failed', attempts: 4, lastError: 'connection refused' });
  });

  it('keeps the error within the column (1000 characters)', () => {
    expect(outcomeOfAttempt({ attempts: 1, error: 'x'.repeat(5_000), at }, policy, Math.random).lastError).toHaveLength(1_000);
  });
});
