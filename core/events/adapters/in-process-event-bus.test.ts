import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { InProcessEventBus } from './in-process-event-bus';

/** A bus with a logger that keeps its lines and retries fast enough for tests. */
function testBus(options: { maxAttempts?: number; retryDelayMs?: number } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { bus: new InProcessEventBus({ logger, retryDelayMs: 1, ...options }), lines };
}

/** A handler that fails its first `failures` calls, then succeeds. */
function flakyHandler(failures: number) {
  let calls = 0;
  return vi.fn(async () => {
    calls += 1;
    if (calls <= failures) throw new Error(`failure ${calls}`);
  });
}

describe('InProcessEventBus', () => {
  it('delivers an event to every subscriber of its topic, and only to them', async () => {
    const { bus } = testBus();
    const first = vi.fn(async () => {});
    const second = vi.fn(async () => {});
    const other = vi.fn(async () => {});
    bus.subscribe('video-uploaded', first);
    bus.subscribe('video-uploaded', second);
    bus.subscribe('video-ready', other);

    await bus.publish('video-uploaded', { videoId: 'v1' });
    await bus.drain();

    expect(first).toHaveBeenCalledWith({ videoId: 'v1' });
    expect(second).toHaveBeenCalledWith({ videoId: 'v1' });
    expect(other).not.toHaveBeenCalled();
  });

  it('returns from publish before any handler ran, like an asynchronous invocation', async () => {
    const { bus } = testBus();
    const handler = vi.fn(async () => {});
    bus.subscribe('t', handler);

    await bus.publish('t', { n: 1 });

    expect(handler).not.toHaveBeenCalled();
    await bus.drain();
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('accepts events for a topic nobody listens to', async () => {
    const { bus } = testBus();
    await expect(bus.publish('nobody', { n: 1 })).resolves.toBeUndefined();
    await bus.drain();
  });

  it('retries a failing handler with backoff until it succeeds, leaving the other subscribers alone', async () => {
    const { bus, lines } = testBus({ maxAttempts: 3, retryDelayMs: 20 });
    const flaky = flakyHandler(2);
    const steady = vi.fn(async () => {});
    bus.subscribe('t', flaky);
    bus.subscribe('t', steady);
    const started = Date.now();

    await bus.publish('t', { n: 1 });
    await bus.drain();

    expect(flaky).toHaveBeenCalledTimes(3);
    expect(steady).toHaveBeenCalledTimes(1);
    // 20 ms before the first retry, 40 ms before the second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(bus.deadLetters()).toEqual([]);
    expect(lines.filter((line) => line.level === 40)).toHaveLength(2);
  });

  it('dead-letters an event after maxAttempts failures and logs it as an error', async () => {
    const { bus, lines } = testBus({ maxAttempts: 4 });
    const broken = flakyHandler(Infinity);
    bus.subscribe('video-ready', broken);

    await bus.publish('video-ready', { videoId: 'v1' });
    await bus.drain();

    expect(broken).toHaveBeenCalledTimes(4);
    expect(bus.deadLetters()).toEqual([{ topic: 'video-ready', event: { videoId: 'v1' }, error: 'failure 4', attempts: 4 }]);
    expect(lines.filter((line) => line.level === 50)).toEqual([expect.objectContaining({ topic: 'video-ready', attempts: 4, err: expect.objectContaining({ message: 'failure 4' }) })]);
  });

  it('tries three times by default, as Lambda does for asynchronous invocations', async () => {
    const { bus } = testBus();
    const broken = flakyHandler(Infinity);
    bus.subscribe('t', broken);

    await bus.publish('t', {});
    await bus.drain();

    expect(broken).toHaveBeenCalledTimes(3);
    expect(bus.deadLetters()[0]?.attempts).toBe(3);
  });

  it('delivers JSON copies: no handler sees another\'s changes or the publisher\'s later ones', async () => {
    const { bus } = testBus();
    const seen: unknown[] = [];
    const event = { video: { id: 'v1', tags: ['a'] }, at: new Date('2024-05-06T07:08:09.123Z'), dropped: undefined };
    bus.subscribe('t', async (received) => {
      seen.push(structuredClone(received));
      (received as { video: { tags: string[] } }).video.tags.push('changed');
    });
    bus.subscribe('t', async (received) => void seen.push(received));

    await bus.publish('t', event);
    event.video.tags.push('changed by the publisher');
    await bus.drain();

    expect(seen).toEqual([
      { video: { id: 'v1', tags: ['a'] }, at: '2024-05-06T07:08:09.123Z' },
      { video: { id: 'v1', tags: ['a'] }, at: '2024-05-06T07:08:09.123Z' },
    ]);
  });

  it('redelivers the original event, not what a failed attempt changed', async () => {
    const { bus } = testBus();
    const attempts: unknown[] = [];
    bus.subscribe('t', async (received) => {
      attempts.push(structuredClone(received));
      (received as { count: number }).count += 1;
      if (attempts.length === 1) throw new Error('first attempt fails');
    });

    await bus.publish('t', { count: 0 });
    await bus.drain();

    expect(attempts).toEqual([{ count: 0 }, { count: 0 }]);
  });

  it('refuses an event that JSON cannot carry', async () => {
    const { bus } = testBus();
    await expect(bus.publish('t', undefined)).rejects.toThrow(/JSON-serializable/);
    await expect(bus.publish('t', () => {})).rejects.toThrow(TypeError);
  });

  it('drains chained publishes: a handler that publishes the next step', async () => {
    const { bus } = testBus();
    const steps: string[] = [];
    bus.subscribe('uploaded', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      steps.push('transcode');
      await bus.publish('transcoded', event);
    });
    bus.subscribe('transcoded', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      steps.push('probe');
      await bus.publish('ready', event);
    });
    bus.subscribe('ready', async () => void steps.push('notify'));

    await bus.publish('uploaded', { videoId: 'v1' });
    await bus.drain();

    expect(steps).toEqual(['transcode', 'probe', 'notify']);
  });

  it('drains deliveries waiting for a retry', async () => {
    const { bus } = testBus({ retryDelayMs: 30 });
    const flaky = flakyHandler(1);
    bus.subscribe('t', flaky);

    await bus.publish('t', {});
    await bus.drain();

    expect(flaky).toHaveBeenCalledTimes(2);
  });

  it('drains at once when idle, and lets several callers wait', async () => {
    const { bus } = testBus();
    await bus.drain();
    bus.subscribe('t', () => new Promise((resolve) => setTimeout(resolve, 10)));
    await bus.publish('t', {});

    await Promise.all([bus.drain(), bus.drain()]);
  });

  it('refuses new events once closed, and still finishes the accepted ones', async () => {
    const { bus } = testBus();
    const handler = vi.fn(async () => {});
    bus.subscribe('t', handler);
    await bus.publish('t', { n: 1 });

    bus.close();

    await expect(bus.publish('t', { n: 2 })).rejects.toThrow(/closed/);
    await bus.drain();
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledWith({ n: 1 });
  });
});
