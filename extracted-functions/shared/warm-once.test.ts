import { describe, expect, it } from 'vitest';
import { warmOnce } from './warm-once';

describe('warmOnce', () => {
  it('initialises once and shares the result with every later call', async () => {
    let calls = 0;
    const get = warmOnce(async () => ++calls);
    expect(await Promise.all([get(), get(), get()])).toEqual([1, 1, 1]);
    expect(calls).toBe(1);
  });

  it('forgets a failed initialisation, so the next invocation retries', async () => {
    let calls = 0;
    const get = warmOnce(async () => {
      calls++;
      if (calls === 1) throw new Error('database not up yet');
      return 'ready';
    });
    await expect(get()).rejects.toThrow('database not up yet');
    expect(await get()).toBe('ready');
  });
});
