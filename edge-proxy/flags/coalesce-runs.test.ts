import { describe, expect, it } from 'vitest';
import { coalesceRuns } from './coalesce-runs';

/** A task that counts its runs and finishes each only when told to. */
function controlledTask() {
  const pending: { resolve(): void; reject(error: Error): void }[] = [];
  return {
    pending,
    run: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
  };
}

describe('coalesceRuns', () => {
  it('runs a burst of calls as the run in flight plus one queued run', async () => {
    const task = controlledTask();
    const run = coalesceRuns(task.run);
    const calls = [run(), run(), run(), run()];
    expect(task.pending).toHaveLength(1);
    task.pending[0]!.resolve();
    await expect.poll(() => task.pending.length).toBe(2);
    task.pending[1]!.resolve();
    await Promise.all(calls);
    expect(task.pending).toHaveLength(2);
  });

  it('starts the queued run even when the one in flight failed, and rejects only that run\u2019s callers', async () => {
    const task = controlledTask();
    const run = coalesceRuns(task.run);
    const failed = run();
    const queued = run();
    task.pending[0]!.reject(new Error('database unreachable'));
    await expect(failed).rejects.toThrow('database unreachable');
    await expect.poll(() => task.pending.length).toBe(2);
    task.pending[1]!.resolve();
    await expect(queued).resolves.toBeUndefined();
  });

  it('runs again when called after the previous run finished', async () => {
    const task = controlledTask();
    const run = coalesceRuns(task.run);
    const first = run();
    task.pending[0]!.resolve();
    await first;
    void run();
    expect(task.pending).toHaveLength(2);
  });
});
