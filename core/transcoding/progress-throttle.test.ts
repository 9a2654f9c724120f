import { describe, expect, it } from 'vitest';
import { throttleProgress } from './progress-throttle';

/** A throttle over a clock the test moves, recording what it writes. */
function aThrottle(intervalMs = 500) {
  const written: number[] = [];
  let now = 1_000;
  const report = throttleProgress(
    async (percent) => {
      written.push(percent);
    },
    { intervalMs, onWriteError: (error) => expect.unreachable(String(error)), now: () => now },
  );
  return {
    report,
    written,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('throttleProgress', () => {
  it('reports a failed write instead of letting it reject unhandled', async () => {
    const failures: unknown[] = [];
    const report = throttleProgress(() => Promise.reject(new Error('database gone')), { intervalMs: 0, onWriteError: (error) => failures.push(error) });

    report(0.5);

    await expect.poll(() => failures).toEqual([new Error('database gone')]);
  });

  it('writes the first report at once, as a whole percentage rounded down', () => {
    const { report, written } = aThrottle();

    report(0.257);

    expect(written).toEqual([25]);
  });

  it('writes at most once per interval, dropping the reports in between', () => {
    const { report, written, advance } = aThrottle(500);

    report(0.1);
    advance(200);
    report(0.2);
    advance(299);
    report(0.3);
    advance(1);
    report(0.4);

    expect(written).toEqual([10, 40]);
  });

  it('never goes back or repeats a percentage', () => {
    const { report, written, advance } = aThrottle(0);

    report(0.5);
    advance(10);
    report(0.4);
    advance(10);
    report(0.509);
    advance(10);
    report(0.51);

    expect(written).toEqual([50, 51]);
  });

  it('stops at 99: 100 is written with the outputs when the job completes', () => {
    const { report, written, advance } = aThrottle(0);

    report(0.995);
    advance(10);
    report(1);
    advance(10);
    report(1.7);

    expect(written).toEqual([99]);
  });

  it('writes nothing for 0 or for nonsense below it', () => {
    const { report, written } = aThrottle(0);

    report(0);
    report(-0.3);

    expect(written).toEqual([]);
  });

  it('does not count a dropped report as written: the next one after the interval goes through', () => {
    const { report, written, advance } = aThrottle(500);

    report(0.2);
    advance(100);
    report(0.3);
    advance(400);
    report(0.3);

    expect(written).toEqual([20, 30]);
  });
});
