import { describe, expect, it } from 'vitest';
import { ShadowQueue } from './shadow-queue';

/** Mirrors that finish when the test says so, counting how many run at once. */
function controlledTasks() {
  const finishers: Array<() => void> = [];
  const started: number[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const task = (id: number) => () =>
    new Promise<void>((resolve) => {
      started.push(id);
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      finishers[id] = () => {
        running -= 1;
        resolve();
      };
    });
  /** Finishes task `id` and lets the queue start the next one. */
  const finish = async (id: number) => {
    finishers[id]!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { task, finish, started, mostAtOnce: () => mostAtOnce };
}

const noErrors = (error: unknown) => {
  throw error;
};

describe('ShadowQueue', () => {
  it('runs at most `concurrency` mirrors at once, the waiting ones in order as others finish', async () => {
    const queue = new ShadowQueue({ capacity: 10, concurrency: 2 }, noErrors);
    const tasks = controlledTasks();

    for (const id of [0, 1, 2, 3, 4]) expect(queue.offer(tasks.task(id))).toBe(true);
    expect(tasks.started).toEqual([0, 1]);
    await tasks.finish(1);
    expect(tasks.started).toEqual([0, 1, 2]);
    for (const id of [0, 2, 3, 4]) await tasks.finish(id);

    expect(tasks.started).toEqual([0, 1, 2, 3, 4]);
    expect(tasks.mostAtOnce()).toBe(2);
  });

  it('drops a mirror when `capacity` are already waiting, and takes one again once there is room', async () => {
    const queue = new ShadowQueue({ capacity: 2, concurrency: 1 }, noErrors);
    const tasks = controlledTasks();

    expect([0, 1, 2, 3].map((id) => queue.offer(tasks.task(id)))).toEqual([true, true, true, false]);
    await tasks.finish(0);
    expect(queue.offer(tasks.task(4))).toBe(true);
    expect(queue.offer(tasks.task(5))).toBe(false);
    for (const id of [1, 2, 4]) await tasks.finish(id);

    expect(tasks.started).toEqual([0, 1, 2, 4]);
  });

  it('drops every mirror offered while the proxy is busy, with room or not, and takes them again once it is not', async () => {
    let busy = true;
    const queue = new ShadowQueue({ capacity: 10, concurrency: 2, busy: () => busy }, noErrors);
    const tasks = controlledTasks();

    expect([0, 1].map((id) => queue.offer(tasks.task(id)))).toEqual([false, false]);
    busy = false;
    expect(queue.offer(tasks.task(2))).toBe(true);
    await tasks.finish(2);

    expect(tasks.started).toEqual([2]);
  });

  it('reports a failed mirror and goes on with the next', async () => {
    const errors: unknown[] = [];
    const queue = new ShadowQueue({ capacity: 5, concurrency: 1 }, (error) => errors.push(error));
    const failure = new Error('the Lambda did not answer');
    const ran: string[] = [];

    queue.offer(() => Promise.reject(failure));
    queue.offer(async () => void ran.push('next'));
    await queue.idle();

    expect(errors).toEqual([failure]);
    expect(ran).toEqual(['next']);
  });

  it('is idle at once when nothing runs, and once every queued mirror has finished otherwise', async () => {
    const queue = new ShadowQueue({ capacity: 5, concurrency: 1 }, noErrors);
    const tasks = controlledTasks();
    await queue.idle();

    for (const id of [0, 1]) queue.offer(tasks.task(id));
    let idle = false;
    const waiting = queue.idle().then(() => (idle = true));
    await tasks.finish(0);
    expect(idle).toBe(false);
    await tasks.finish(1);
    await waiting;

    expect(idle).toBe(true);
  });
});
