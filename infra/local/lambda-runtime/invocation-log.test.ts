import { describe, expect, it } from 'vitest';
import type { HostRun } from './function-host';
import { formatInvocationLog, toLogResult } from './invocation-log';

const requestId = '6d1b1a4e-8c3f-4f55-9a2e-1f0e3c2b4a59';

function aRun(overrides: Partial<HostRun> = {}): HostRun {
  return { outcome: { ok: true, payload: 'null' }, failure: undefined, initOutput: '', output: '', durationMs: 12.3456, initDurationMs: undefined, maxMemoryMb: 70, ...overrides };
}

describe('formatInvocationLog', () => {
  it('frames the output with START, END and a REPORT line', () => {
    const log = formatInvocationLog(requestId, 128, aRun({ output: 'hello\n' }));

    expect(log).toBe(
      `START RequestId: ${requestId} Version: $LATEST\nhello\nEND RequestId: ${requestId}\n` +
        `REPORT RequestId: ${requestId}\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t\n`,
    );
  });

  it('puts init output before START and reports the init duration on a cold start', () => {
    const log = formatInvocationLog(requestId, 128, aRun({ initOutput: 'loading\n', initDurationMs: 250.5 }));

    expect(log.startsWith(`loading\nSTART RequestId: ${requestId}`)).toBe(true);
    expect(log).toContain('\tInit Duration: 250.50 ms\t');
  });

  it('says why the environment was lost on a timeout', () => {
    const errorMessage = `2024-01-01T00:00:00.000Z ${requestId} Task timed out after 1.00 seconds`;
    const run = aRun({ outcome: { ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage } }, failure: 'timeout' });

    const log = formatInvocationLog(requestId, 128, run);

    expect(log).toContain(`${errorMessage}\nEND RequestId: ${requestId}\n`);
    expect(log).toContain('\tStatus: timeout\t');
  });
});

describe('toLogResult', () => {
  it('keeps only the last 4 KB, base64-encoded', () => {
    const log = `${'a'.repeat(5000)}${'b'.repeat(4096)}`;

    expect(Buffer.from(toLogResult(log), 'base64').toString()).toBe('b'.repeat(4096));
  });
});
