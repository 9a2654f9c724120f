import { describe, expect, it } from 'vitest';
import { SlidingTrafficWindow } from './sliding-window';
import { anObservation } from './traffic-test-kit';

const at = (time: string) => new Date(`2026-11-23T${time}Z`);
const longAgo = new Date(0);

describe('SlidingTrafficWindow', () => {
  it('adds up the traffic of one target in the span, with its errors, bytes and latencies', () => {
    const window = new SlidingTrafficWindow();
    window.record(anObservation({ at: at('10:00:01.000'), durationMs: 10 }));
    window.record(anObservation({ at: at('10:00:20.000'), status: 503, durationMs: 900 }));
    window.record(anObservation({ at: at('10:00:30.000'), status: 'failed', durationMs: 30_000 }));
    window.record(anObservation({ at: at('10:00:30.000'), target: 'legacy', status: 500 }));

    const sample = window.sample({ target: 'lambda' }, longAgo, at('10:00:40.000'));

    expect(sample).toMatchObject({ requests: 3, errors: 2, requestBytes: 300, responseBytes: 3_000 });
    expect(sample.latency.count).toBe(3);
  });

  it('narrows to a route or a capability when asked', () => {
    const window = new SlidingTrafficWindow();
    window.record(anObservation({ routeId: 'auth.me', capability: 'auth' }));
    window.record(anObservation({ routeId: 'auth.login', capability: 'auth' }));
    window.record(anObservation({ routeId: 'metadata.get', capability: 'metadata' }));
    window.record(anObservation({ routeId: 'platform.health', capability: null }));
    const now = at('10:00:01.000');

    expect(window.sample({ target: 'lambda', routeId: 'auth.me' }, longAgo, now).requests).toBe(1);
    expect(window.sample({ target: 'lambda', capability: 'auth' }, longAgo, now).requests).toBe(2);
    expect(window.sample({ target: 'lambda', capability: 'auth', routeId: 'metadata.get' }, longAgo, now).requests).toBe(0);
    expect(window.sample({ target: 'lambda' }, longAgo, now).requests).toBe(4);
    expect(window.sample({ target: 'legacy' }, longAgo, now).requests).toBe(0);
  });

  it('drops traffic once it is older than the span', () => {
    const window = new SlidingTrafficWindow(60);
    window.record(anObservation({ at: at('10:00:00.500') }));

    expect(window.sample({ target: 'lambda' }, longAgo, at('10:00:59.999')).requests).toBe(1);
    expect(window.sample({ target: 'lambda' }, longAgo, at('10:01:00.000')).requests).toBe(0);
  });

  it('reuses a slot for a later second, forgetting what it held', () => {
    const window = new SlidingTrafficWindow(10);
    window.record(anObservation({ at: at('10:00:03.000'), status: 500 }));

    window.record(anObservation({ at: at('10:00:13.000') }));

    expect(window.sample({ target: 'lambda' }, longAgo, at('10:00:13.000'))).toMatchObject({ requests: 1, errors: 0 });
  });

  it('ignores a request recorded after its slot moved on to a later second', () => {
    const window = new SlidingTrafficWindow(10);
    window.record(anObservation({ at: at('10:00:13.000') }));

    window.record(anObservation({ at: at('10:00:03.000') }));

    expect(window.sample({ target: 'lambda' }, longAgo, at('10:00:13.000')).requests).toBe(1);
  });

  it('leaves out traffic from before `since`, the flip’s own partial second included', () => {
    const window = new SlidingTrafficWindow();
    window.record(anObservation({ at: at('10:00:05.000'), status: 500 }));
    window.record(anObservation({ at: at('10:00:10.200'), status: 500 }));
    window.record(anObservation({ at: at('10:00:11.000') }));
    const now = at('10:00:20.000');

    expect(window.sample({ target: 'lambda' }, at('10:00:10.000'), now)).toMatchObject({ requests: 2, errors: 1 });
    expect(window.sample({ target: 'lambda' }, at('10:00:10.100'), now)).toMatchObject({ requests: 1, errors: 0 });
  });

  it('counts nothing recorded after `now`', () => {
    const window = new SlidingTrafficWindow();
    window.record(anObservation({ at: at('10:00:10.000') }));

    expect(window.sample({ target: 'lambda' }, longAgo, at('10:00:09.999')).requests).toBe(0);
  });

  it('returns a sample of its own, which recording later does not change', () => {
    const window = new SlidingTrafficWindow();
    window.record(anObservation());
    const sample = window.sample({ target: 'lambda' }, longAgo, at('10:00:00.000'));

    window.record(anObservation());

    expect(sample.requests).toBe(1);
    expect(sample.latency.count).toBe(1);
  });

  it.each([0, 1.5, -60])('refuses a span of %s seconds', (span) => {
    expect(() => new SlidingTrafficWindow(span)).toThrow(RangeError);
  });
});
