import { describe, expect, it } from 'vitest';
import { recentEventLoopUtilization } from './event-loop-load';

const idleFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('recentEventLoopUtilization', () => {
  it('reads near 1 after a window the loop spent blocked and near 0 after one it spent waiting', async () => {
    const utilization = recentEventLoopUtilization(50);
    expect(utilization()).toBe(0);

    busyFor(120);
    expect(utilization()).toBeGreaterThan(0.8);

    await idleFor(150);
    expect(utilization()).toBeLessThan(0.5);
  });

  it('keeps the last window\u2019s figure until a new window has passed', () => {
    const utilization = recentEventLoopUtilization(60_000);
    busyFor(20);
    expect(utilization()).toBe(0);
  });
});
