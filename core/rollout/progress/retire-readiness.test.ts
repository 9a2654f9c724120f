import { describe, expect, it } from 'vitest';
import { judgeCapabilityRetirement, judgeRetireReadiness, type RetireEvidence, type RetirePolicy } from './retire-readiness';

const policy: RetirePolicy = { onLambdaForDays: 14, minRequests: 1000, parityThreshold: 0.99, parityMinSample: 20, parityLookbackDays: 45 };
const now = new Date('2026-12-03T08:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

/** A route on lambda for 20 days, 5000 Lambda requests, full parity on 100 comparisons, changed by `overrides`. */
const evidence = (overrides: Partial<RetireEvidence> = {}): RetireEvidence => ({
  capability: 'auth',
  functionName: 'auth',
  state: 'lambda',
  canaryPercent: 0,
  onLambdaSince: daysAgo(20),
  lastRollbackAt: null,
  requests: { legacy: 0, lambda: 5000 },
  parity: { rate: 1, sample: 100 },
  ...overrides,
});

describe('judgeRetireReadiness', () => {
  it('calls a route ready when every rule holds', () => {
    expect(judgeRetireReadiness(evidence(), policy, now)).toEqual({ ready: true, reasons: [] });
  });

  it.each([
    ['on a canary', { state: 'canary' as const, canaryPercent: 25, onLambdaSince: null }, 'it is on canary 25%: its Lambda must answer all of it'],
    ['on lambda too briefly', { onLambdaSince: daysAgo(3) }, `on lambda since ${daysAgo(3).toISOString()} (3.0 days); needs 14 days`],
    ['with too few Lambda requests', { requests: { legacy: 0, lambda: 999 } }, 'its Lambda answered 999 requests in the last 14 days; needs 1000'],
    ['with the monolith still answering fallbacks', { requests: { legacy: 7, lambda: 5000 } }, 'the monolith still answered 7 of its requests (fallbacks) in the last 14 days'],
    ['with parity below the threshold', { parity: { rate: 0.95, sample: 100 } }, 'parity 95.0% over 100 comparisons (needs 99.0% over at least 20 within 45 days before it came onto lambda, or since)'],
    ['with too few comparisons', { parity: { rate: 1, sample: 5 } }, 'parity measured on 5 shadow comparisons (needs 99.0% over at least 20 within 45 days before it came onto lambda, or since)'],
    ['without any comparison', { parity: { rate: null, sample: 0 } }, 'parity measured on 0 shadow comparisons (needs 99.0% over at least 20 within 45 days before it came onto lambda, or since)'],
  ])('is not ready %s, and says why', (_case, overrides, reason) => {
    expect(judgeRetireReadiness(evidence(overrides), policy, now)).toEqual({ ready: false, reasons: [reason] });
  });

  it('is not ready on lambda when the audit trail does not say since when', () => {
    expect(judgeRetireReadiness(evidence({ onLambdaSince: null }), policy, now)).toEqual({
      ready: false,
      reasons: ['the audit trail does not say when it came onto lambda; needs 14 days there'],
    });
  });

  it('names a rollback within the period, and not one before it', () => {
    const rolledBack = daysAgo(2);
    const verdict = judgeRetireReadiness(evidence({ onLambdaSince: daysAgo(1), lastRollbackAt: rolledBack }), policy, now);

    expect(verdict.ready).toBe(false);
    expect(verdict.reasons).toContain(`rolled back at ${rolledBack.toISOString()}, within the last 14 days`);
    expect(judgeRetireReadiness(evidence({ lastRollbackAt: daysAgo(21) }), policy, now)).toEqual({ ready: true, reasons: [] });
  });

  it('gives every unmet rule at once', () => {
    const verdict = judgeRetireReadiness(evidence({ state: 'shadow', onLambdaSince: null, requests: { legacy: 300, lambda: 0 }, parity: { rate: 0.5, sample: 40 } }), policy, now);

    expect(verdict.reasons).toEqual([
      'it is on shadow: its Lambda must answer all of it',
      'its Lambda answered 0 requests in the last 14 days; needs 1000',
      'parity 50.0% over 40 comparisons (needs 99.0% over at least 20 within 45 days before it came onto lambda, or since)',
    ]);
  });

  it('never retires a route without a Lambda, nor a platform route', () => {
    expect(judgeRetireReadiness(evidence({ functionName: null }), policy, now)).toEqual({ ready: false, reasons: ['no Lambda serves it yet (extracted-functions/registry.ts)'] });
    expect(judgeRetireReadiness(evidence({ capability: null, functionName: null }), policy, now)).toEqual({ ready: false, reasons: ['a platform route: the monolith always answers it'] });
  });
});

describe('judgeCapabilityRetirement', () => {
  it('is ready only when every route is, naming the routes that are not', () => {
    const ready = { ready: true, reasons: [] };
    expect(judgeCapabilityRetirement([{ routeId: 'auth.me', verdict: ready }])).toEqual(ready);
    expect(judgeCapabilityRetirement([{ routeId: 'auth.me', verdict: ready }, { routeId: 'auth.login', verdict: { ready: false, reasons: ['it is on shadow: its Lambda must answer all of it'] } }])).toEqual({
      ready: false,
      reasons: ['auth.login: it is on shadow: its Lambda must answer all of it'],
    });
  });
});
