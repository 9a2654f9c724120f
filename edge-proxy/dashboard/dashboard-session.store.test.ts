import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/auth/auth-test-kit';
import { DashboardSessionStore } from './dashboard-session.store';

const storeAt = (clock: FixedClock, maxSessions = 10) => new DashboardSessionStore({ clock, ttlSeconds: 60, maxSessions });

describe('dashboard sessions', () => {
  it('finds a session by its random id until it expires', () => {
    const clock = new FixedClock(new Date('2026-12-03T08:00:00Z'));
    const store = storeAt(clock);
    const session = store.open('alice (admin token)');
    expect(session.id).toMatch(/^[\w-]{43}$/);
    expect(session.csrfToken).not.toBe(session.id);
    expect(store.find(session.id)).toBe(session);
    clock.advanceSeconds(60);
    expect(store.find(session.id)).toBeUndefined();
  });

  it('forgets a closed session, and unknown or missing ids find nothing', () => {
    const store = storeAt(new FixedClock(new Date('2026-12-03T08:00:00Z')));
    const session = store.open('bob');
    store.close(session.id);
    expect(store.find(session.id)).toBeUndefined();
    expect(store.find('made-up')).toBeUndefined();
    expect(store.find(undefined)).toBeUndefined();
  });

  it('lets the oldest session go beyond the limit', () => {
    const store = storeAt(new FixedClock(new Date('2026-12-03T08:00:00Z')), 2);
    const [first, second, third] = ['a', 'b', 'c'].map((actor) => store.open(actor));
    expect([first, second, third].map((session) => store.find(session!.id)?.actor)).toEqual([undefined, 'b', 'c']);
  });
});
