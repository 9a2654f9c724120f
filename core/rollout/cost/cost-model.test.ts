import { describe, expect, it } from 'vitest';
import { awsPrices } from './aws-prices';
import { apiGatewayCostPerRequest, lambdaCostPerRequest, projectCosts, type RouteUsage } from './cost-model';

const servers = { instanceHourly: 0.1, instanceCount: 2 };

/** 1000 requests of 50 ms, 1 KB in and out, on a 512 MB Lambda, changed by `overrides`. */
const usage = (overrides: Partial<RouteUsage> = {}): RouteUsage => ({
  routeId: 'auth.me',
  memoryMb: 512,
  requests: 1000,
  billedDurationMs: 50,
  meanDurationMs: 50,
  meanRequestBytes: 1024,
  meanResponseBytes: 1024,
  ...overrides,
});

describe('lambdaCostPerRequest', () => {
  it('bills GB-seconds, rounded up to the millisecond, plus the request', () => {
    // 0.5 GB × 0.051 s × $0.0000166667 + $0.0000002
    expect(lambdaCostPerRequest(512, 50.2)).toBeCloseTo(0.5 * 0.051 * 0.0000166667 + 0.0000002, 15);
  });
});

describe('apiGatewayCostPerRequest', () => {
  it('meters a call in 512 KB increments, at least one', () => {
    expect(apiGatewayCostPerRequest(0)).toBe(0.000001);
    expect(apiGatewayCostPerRequest(512 * 1024)).toBe(0.000001);
    expect(apiGatewayCostPerRequest(1.2 * 1024 * 1024)).toBeCloseTo(0.000003, 12);
  });
});

describe('projectCosts', () => {
  it('scales the observed requests to a month and prices them on Lambda and the HTTP API', () => {
    const { routes, totals } = projectCosts([usage()], 1, servers);

    const perMonth = 1000 * awsPrices.hoursPerMonth;
    expect(routes[0]!.requestsPerMonth).toBe(perMonth);
    expect(routes[0]!.lambdaCost).toBeCloseTo(perMonth * lambdaCostPerRequest(512, 50), 9);
    expect(routes[0]!.apiGatewayCost).toBeCloseTo(perMonth * 0.000001, 9);
    expect(routes[0]!.serverlessCost).toBeCloseTo(routes[0]!.lambdaCost! + routes[0]!.apiGatewayCost!, 9);
    expect(totals.monolithCost).toBeCloseTo(0.1 * 2 * 730, 9);
  });

  it('shares the monolith out by the time each route takes, and finds where the two costs meet', () => {
    // auth.me: 1000 × 50 ms; videos.get: 1000 × 150 ms, no Lambda. Three quarters of the time is videos.get's.
    const { routes, totals } = projectCosts([usage(), usage({ routeId: 'videos.get', memoryMb: null, meanDurationMs: 150, billedDurationMs: 150 })], 24, servers);

    expect(routes[0]!.monolithShareCost).toBeCloseTo(totals.monolithCost / 4, 9);
    expect(routes[1]!.monolithShareCost).toBeCloseTo((totals.monolithCost * 3) / 4, 9);
    const perRequest = lambdaCostPerRequest(512, 50) + apiGatewayCostPerRequest(2048);
    const breakEven = routes[0]!.breakEvenRequestsPerSecond!;
    expect(breakEven).toBeCloseTo(routes[0]!.monolithShareCost / (perRequest * 730 * 3600), 12);
    // At the break-even rate, a month on Lambda costs exactly the share.
    expect(breakEven * 730 * 3600 * perRequest).toBeCloseTo(routes[0]!.monolithShareCost, 9);
    expect(routes[1]).toMatchObject({ lambdaCost: null, apiGatewayCost: null, serverlessCost: null, breakEvenRequestsPerSecond: null });
    expect(totals.serverlessCost).toBeCloseTo(routes[0]!.serverlessCost!, 9);
    expect(totals.monolithShareCost).toBeCloseTo(totals.monolithCost, 9);
  });

  it('costs nothing and finds no break-even for a route without traffic', () => {
    const { routes } = projectCosts([usage({ requests: 0, billedDurationMs: null, meanDurationMs: null })], 1, servers);

    expect(routes[0]).toMatchObject({ requestsPerMonth: 0, lambdaCost: 0, apiGatewayCost: 0, serverlessCost: 0, monolithShareCost: 0, breakEvenRequestsPerSecond: null });
  });

  it('refuses an empty observation span', () => {
    expect(() => projectCosts([usage()], 0, servers)).toThrow(RangeError);
  });
});
