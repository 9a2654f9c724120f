import { describe, expect, it } from 'vitest';
import { canaryBucket, inCanary } from './canary-bucket';

const clients = (count: number) => Array.from({ length: count }, (_, i) => `user:${i.toString(36)}-${(i * 7919) % 104729}`);

describe('canary stickiness', () => {
  it('gives a client the same decision every time (what another proxy instance computes too)', () => {
    for (const client of clients(200)) {
      const first = inCanary('auth', client, 25);
      for (let i = 0; i < 5; i++) expect(inCanary('auth', client, 25)).toBe(first);
      expect(canaryBucket('auth', client)).toBe(canaryBucket('auth', client));
    }
  });

  it.each([1, 5, 25, 50, 90])('serves %i%% of 10,000 clients from the Lambda, within ±2 points', (percent) => {
    const share = clients(10_000).filter((client) => inCanary('auth', client, percent)).length / 100;
    expect(Math.abs(share - percent)).toBeLessThanOrEqual(2);
  });

  it('keeps clients in the canary as it widens: raising the share never moves anyone back', () => {
    for (const client of clients(2000)) {
      if (inCanary('auth', client, 5)) expect(inCanary('auth', client, 25)).toBe(true);
    }
  });

  it('draws a different sample per flag, so one capability’s canary users are not always the next one’s', () => {
    const auth = clients(2000).filter((client) => inCanary('auth', client, 50));
    const metadata = new Set(clients(2000).filter((client) => inCanary('metadata', client, 50)));
    const overlap = auth.filter((client) => metadata.has(client)).length / auth.length;
    expect(overlap).toBeGreaterThan(0.4);
    expect(overlap).toBeLessThan(0.6);
  });

  it('serves nobody at 0% and everybody at 100%', () => {
    expect(clients(1000).some((client) => inCanary('auth', client, 0))).toBe(false);
    expect(clients(1000).every((client) => inCanary('auth', client, 100))).toBe(true);
  });
});
