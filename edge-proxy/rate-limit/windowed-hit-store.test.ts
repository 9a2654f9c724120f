import { describe, expect, it } from 'vitest';
import { WindowedHitStore } from './windowed-hit-store';

/** A clock that only moves when told to. */
function aClock(start = Date.parse('2026-12-03T08:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

describe('WindowedHitStore', () => {
  it('counts each client\u2019s hits within a window, separately', () => {
    const clock = aClock();
    const store = new WindowedHitStore(60_000, clock);
    store.increment('a');
    store.increment('a');
    expect(store.increment('a').totalHits).toBe(3);
    expect(store.increment('b').totalHits).toBe(1);
  });

  it('says when the window ends, and starts counting again from there', () => {
    const clock = aClock();
    const store = new WindowedHitStore(60_000, clock);
    const first = store.increment('a');
    expect(first.resetTime).toEqual(new Date(clock.now().getTime() + 60_000));
    clock.advance(59_999);
    expect(store.increment('a').totalHits).toBe(2);
    clock.advance(1);
    expect(store.increment('a').totalHits).toBe(1);
  });

  it('keeps a client counted across a generation swap until its own window ends', () => {
    const clock = aClock();
    const store = new WindowedHitStore(60_000, clock);
    store.increment('other');
    clock.advance(50_000);
    store.increment('a');
    clock.advance(20_000);
    expect(store.increment('a').totalHits).toBe(2);
  });

  it('takes back a hit on decrement and forgets a client on resetKey', () => {
    const store = new WindowedHitStore(60_000, aClock());
    store.increment('a');
    store.increment('a');
    store.decrement('a');
    expect(store.increment('a').totalHits).toBe(2);
    store.resetKey('a');
    expect(store.increment('a').totalHits).toBe(1);
  });
});
