import { describe, expect, it } from 'vitest';
import { EncodeSlots } from './encode-slots';

/** Tasks that finish when the test says so, counting how many run at once. */
function controlledTasks() {
  const finishers = new Map<string, (error?: Error) => void>();
  const started: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const task = (id: string) => () =>
    new Promise<string>((resolve, reject) => {
      started.push(id);
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      finishers.set(id, (error) => {
        running -= 1;
        if (error) reject(error);
        else resolve(id);
      });
    });
  /** Settles task `id` and lets the slots start the next one. */
  const finish = async (id: string, error?: Error) => {
    finishers.get(id)?.(error);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { task, finish, started, mostAtOnce: () => mostAtOnce };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('EncodeSlots', () => {
  it('runs at most `size` tasks at once, the waiting ones in the order they asked as others finish', async () => {
    const slots = new EncodeSlots(2);
    const tasks = controlledTasks();
    const signal = new AbortController().signal;

    const results = ['a', 'b', 'c', 'd'].map((id) => slots.run(tasks.task(id), signal));
    await settle();
    expect(tasks.started).toEqual(['a', 'b']);
    await tasks.finish('b');
    expect(tasks.started).toEqual(['a', 'b', 'c']);
    await tasks.finish('a');
    await tasks.finish('c');
    await tasks.finish('d');

    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(tasks.mostAtOnce()).toBe(2);
  });

  it('frees the slot of a task that fails', async () => {
    const slots = new EncodeSlots(1);
    const tasks = controlledTasks();
    const signal = new AbortController().signal;

    const failed = expect(slots.run(tasks.task('a'), signal)).rejects.toThrow('encoder crashed');
    const next = slots.run(tasks.task('b'), signal);
    await settle();
    await tasks.finish('a', new Error('encoder crashed'));

    await failed;
    expect(tasks.started).toEqual(['a', 'b']);
    await tasks.finish('b');
    expect(await next).toBe('b');
  });

  it('never starts a waiting task whose signal aborts, and gives its turn to the next', async () => {
    const slots = new EncodeSlots(1);
    const tasks = controlledTasks();
    const job = new AbortController();
    const other = new AbortController();

    const first = slots.run(tasks.task('a'), other.signal);
    const cancelled = expect(slots.run(tasks.task('b'), job.signal)).rejects.toThrow('video deleted');
    const next = slots.run(tasks.task('c'), other.signal);
    await settle();
    job.abort(new Error('video deleted'));
    await cancelled;
    await tasks.finish('a');

    expect(await first).toBe('a');
    expect(tasks.started).toEqual(['a', 'c']);
    await tasks.finish('c');
    expect(await next).toBe('c');
  });

  it('starts nothing for a signal aborted already', async () => {
    const slots = new EncodeSlots(1);
    const tasks = controlledTasks();
    const job = new AbortController();
    job.abort(new Error('stopping'));

    await expect(slots.run(tasks.task('a'), job.signal)).rejects.toThrow('stopping');
    expect(tasks.started).toEqual([]);
  });

  it('starts nothing when the signal aborts between the slot being handed over and the task starting', async () => {
    const slots = new EncodeSlots(1);
    const tasks = controlledTasks();
    const job = new AbortController();

    const started = expect(slots.run(tasks.task('a'), job.signal)).rejects.toThrow('stopping');
    job.abort(new Error('stopping'));

    await started;
    expect(tasks.started).toEqual([]);
    const next = slots.run(tasks.task('b'), new AbortController().signal);
    await settle();
    expect(tasks.started).toEqual(['b']);
    await tasks.finish('b');
    await next;
  });
});
