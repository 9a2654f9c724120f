import { describe, expect, it } from 'vitest';
import { parityRate } from './parity-rate';

describe('parityRate', () => {
  it('is the share of compared responses that matched', () => {
    expect(parityRate({ compared: 200, matched: 199 })).toEqual({ rate: 0.995, sample: 200 });
  });

  it('is null, not 0 or 1, when nothing was compared', () => {
    expect(parityRate({ compared: 0, matched: 0 })).toEqual({ rate: null, sample: 0 });
  });
});
