import { describe, expect, it } from 'vitest';
import type { TrafficTarget } from '../stats/traffic-observation';
import { countByRoute, lambdaShare, sumCounts, trafficPerHour } from './lambda-share';

const traffic = (routeId: string, target: TrafficTarget, requests: number) => ({ routeId, target, requests });
const minute = (iso: string, target: TrafficTarget, requests: number) => ({ minute: new Date(iso), target, requests });

describe('lambda share', () => {
  it('counts requests per route and target, and the Lambda’s share of them', () => {
    const counts = countByRoute([traffic('auth.me', 'legacy', 30), traffic('auth.me', 'lambda', 10), traffic('auth.login', 'lambda', 5)]);

    expect(counts.get('auth.me')).toEqual({ legacy: 30, lambda: 10 });
    expect(lambdaShare(counts.get('auth.me'))).toBe(0.25);
    expect(lambdaShare(counts.get('auth.login'))).toBe(1);
    expect(lambdaShare(sumCounts(counts, ['auth.me', 'auth.login', 'auth.signup']))).toBe(15 / 45);
  });

  it('has no share where there was no traffic', () => {
    expect(lambdaShare(undefined)).toBeNull();
    expect(lambdaShare({ legacy: 0, lambda: 0 })).toBeNull();
  });
});

describe('trafficPerHour', () => {
  it('adds minutes up per hour and target, oldest first, leaving out hours without requests', () => {
    const hours = trafficPerHour([
      minute('2026-12-03T07:59:00Z', 'legacy', 4),
      minute('2026-12-03T06:10:00Z', 'legacy', 3),
      minute('2026-12-03T06:10:00Z', 'lambda', 1),
      minute('2026-12-03T06:59:00Z', 'lambda', 2),
      minute('2026-12-03T05:00:00Z', 'legacy', 0),
    ]);

    expect(hours).toEqual([
      { hour: new Date('2026-12-03T06:00:00Z'), legacy: 3, lambda: 3 },
      { hour: new Date('2026-12-03T07:00:00Z'), legacy: 4, lambda: 0 },
    ]);
  });
});
