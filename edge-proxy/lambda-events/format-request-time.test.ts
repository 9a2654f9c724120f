import { describe, expect, it } from 'vitest';
import { formatRequestTime } from './format-request-time';

describe('formatRequestTime', () => {
  it('writes API Gateway request time: dd/MMM/yyyy:HH:mm:ss +0000', () => {
    expect(formatRequestTime(new Date('2020-03-12T19:03:58.390Z'))).toBe('12/Mar/2020:19:03:58 +0000');
  });

  it('pads single-digit day and time fields', () => {
    expect(formatRequestTime(new Date('2024-01-02T03:04:05.000Z'))).toBe('02/Jan/2024:03:04:05 +0000');
  });

  it('always writes UTC, whatever the offset the instant was written with', () => {
    expect(formatRequestTime(new Date('2021-12-31T23:30:00-05:00'))).toBe('01/Jan/2022:04:30:00 +0000');
  });

  it('rejects an invalid date', () => {
    expect(() => formatRequestTime(new Date('not a date'))).toThrow(RangeError);
  });
});
