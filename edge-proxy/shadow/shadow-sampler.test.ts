import { describe, expect, it } from 'vitest';
import { ShadowSampler } from './shadow-sampler';

/** A sampler on a clock the test moves. */
function samplerAt(copiesPerSecond: number) {
  let nowMs = 0;
  const sampler = new ShadowSampler(copiesPerSecond, () => nowMs);
  const takeMany = (routeId: string, count: number) => Array.from({ length: count }, () => sampler.take(routeId)).filter(Boolean).length;
  return { sampler, takeMany, advance: (ms: number) => (nowMs += ms) };
}

describe('ShadowSampler', () => {
  it('copies a second’s worth of a burst, then none until the rate allows more', () => {
    const { takeMany, advance } = samplerAt(50);

    expect(takeMany('auth.me', 80)).toBe(50);
    expect(takeMany('auth.me', 10)).toBe(0);
    advance(100);
    expect(takeMany('auth.me', 10)).toBe(5);
  });

  it('holds a steady load to the rate: 500 requests a second get 50 copies a second', () => {
    const { sampler, advance } = samplerAt(50);
    let copies = 0;
    for (let request = 0; request < 5_000; request++) {
      advance(2);
      if (sampler.take('auth.me')) copies += 1;
    }

    // Ten seconds of load: the first second's burst allowance, then 50 a second.
    expect(copies).toBeGreaterThanOrEqual(500);
    expect(copies).toBeLessThanOrEqual(550);
  });

  it('copies every request of a route quieter than the rate', () => {
    const { sampler, advance } = samplerAt(50);
    const taken = Array.from({ length: 100 }, () => {
      advance(100);
      return sampler.take('videos.list');
    });

    expect(taken.every(Boolean)).toBe(true);
  });

  it('gives each route its own rate', () => {
    const { takeMany } = samplerAt(5);

    expect(takeMany('auth.me', 10)).toBe(5);
    expect(takeMany('videos.list', 10)).toBe(5);
  });

  it('never builds up more than a second’s worth while a route is idle', () => {
    const { takeMany, advance } = samplerAt(10);
    takeMany('auth.me', 10);
    advance(60_000);

    expect(takeMany('auth.me', 100)).toBe(10);
  });

  it('copies one request at a time under a rate below one a second', () => {
    const { takeMany, advance } = samplerAt(0.5);

    expect(takeMany('auth.me', 3)).toBe(1);
    advance(1_000);
    expect(takeMany('auth.me', 3)).toBe(0);
    advance(1_000);
    expect(takeMany('auth.me', 3)).toBe(1);
  });
});
