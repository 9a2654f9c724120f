import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../core/logging/create-logger';
import { PostgresFlagListener, type ChannelHandlers, type SubscribeToChannel } from './postgres-flag-listener';

const silent = createLogger('test', 'silent');

/** A channel in memory: notifications and dropped connections on demand, refusals while `down`. */
class FakeChannel {
  down = false;
  attempts = 0;
  closes = 0;
  handlers: ChannelHandlers | undefined;

  readonly subscribe: SubscribeToChannel = async (handlers) => {
    this.attempts++;
    if (this.down) throw new Error('connection refused');
    this.handlers = handlers;
    return { close: async () => void this.closes++ };
  };

  notify(): void {
    this.handlers?.onNotification();
  }

  drop(): void {
    this.handlers?.onLost(new Error('terminating connection due to administrator command'));
  }
}

function startListener(channel: FakeChannel, refresh: () => Promise<void> = async () => {}) {
  const refreshes = vi.fn(refresh);
  const listener = new PostgresFlagListener({ subscribe: channel.subscribe, refresh: refreshes, logger: silent, backoff: { initialMs: 100, maxMs: 400 } });
  return { listener, refreshes, started: listener.start() };
}

describe('PostgresFlagListener', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes the flags on each notification', async () => {
    const channel = new FakeChannel();
    const { listener, refreshes, started } = startListener(channel);
    await started;
    channel.notify();
    channel.notify();
    expect(refreshes).toHaveBeenCalledTimes(2);
    await listener.close();
  });

  it('reconnects after the connection drops and refreshes once for the changes it missed', async () => {
    const channel = new FakeChannel();
    const { listener, refreshes, started } = startListener(channel);
    await started;
    channel.drop();
    expect(channel.closes).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(channel.attempts).toBe(2);
    expect(refreshes).toHaveBeenCalledTimes(1);
    channel.notify();
    expect(refreshes).toHaveBeenCalledTimes(2);
    await listener.close();
  });

  it('backs off exponentially up to the cap while the database is down, and starts anyway', async () => {
    const channel = new FakeChannel();
    channel.down = true;
    const { listener, refreshes, started } = startListener(channel);
    await started;
    const attemptsAt = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return channel.attempts;
    };
    // Retries after 100, 200, 400, then every 400 ms.
    expect([await attemptsAt(99), await attemptsAt(1), await attemptsAt(199), await attemptsAt(1), await attemptsAt(399), await attemptsAt(1), await attemptsAt(400)]).toEqual([1, 2, 2, 3, 3, 4, 5]);
    channel.down = false;
    await vi.advanceTimersByTimeAsync(400);
    expect(channel.attempts).toBe(6);
    expect(refreshes).toHaveBeenCalledTimes(1);
    await listener.close();
  });

  it('starts the backoff over once a connection succeeds', async () => {
    const channel = new FakeChannel();
    const { listener, started } = startListener(channel);
    await started;
    channel.down = true;
    channel.drop();
    await vi.advanceTimersByTimeAsync(100 + 200);
    channel.down = false;
    await vi.advanceTimersByTimeAsync(400);
    expect(channel.attempts).toBe(4);
    channel.drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(channel.attempts).toBe(5);
    await listener.close();
  });

  it('ignores the late events of a connection it gave up', async () => {
    const channel = new FakeChannel();
    const { listener, refreshes, started } = startListener(channel);
    await started;
    const dropped = channel.handlers!;
    dropped.onLost(new Error('socket error'));
    dropped.onLost(new Error('the connection ended'));
    dropped.onNotification();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(channel.attempts).toBe(2);
    expect(refreshes).toHaveBeenCalledTimes(1);
    await listener.close();
  });

  it('keeps listening when a refresh fails', async () => {
    const channel = new FakeChannel();
    const { listener, refreshes, started } = startListener(channel, async () => {
      throw new Error('database unreachable');
    });
    await started;
    channel.notify();
    await vi.advanceTimersByTimeAsync(0);
    channel.notify();
    expect(refreshes).toHaveBeenCalledTimes(2);
    expect(channel.attempts).toBe(1);
    await listener.close();
  });

  it('stops reconnecting once closed', async () => {
    const channel = new FakeChannel();
    const { listener, started } = startListener(channel);
    await started;
    channel.drop();
    await listener.close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(channel.attempts).toBe(1);
  });

  it('closes its connection on close', async () => {
    const channel = new FakeChannel();
    const { listener, started } = startListener(channel);
    await started;
    await listener.close();
    expect(channel.closes).toBe(1);
  });
});
