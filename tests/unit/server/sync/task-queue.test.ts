import { describe, expect, it } from 'vitest';
import { TaskQueue } from '../../../../server/sync/task-queue.ts';

function queue() {
  const failures: unknown[] = [];
  let drained = 0;
  const tasks = new TaskQueue({
    failed: (error) => failures.push(error),
    drained: () => drained++,
  });
  return { tasks, failures, drained: () => drained };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a room task queue', () => {
  it('runs tasks one at a time in the order they were pushed', async () => {
    const { tasks, drained } = queue();
    const log: string[] = [];
    tasks.push(async () => {
      log.push('a starts');
      await tick();
      log.push('a ends');
    });
    tasks.push(() => {
      log.push('b');
    });
    expect(tasks.isEmpty).toBe(false);
    await expect.poll(() => drained()).toBe(1);
    expect(log).toEqual(['a starts', 'a ends', 'b']);
    expect(tasks.isEmpty).toBe(true);
  });

  it('reports a task that throws and goes on with the next one', async () => {
    const { tasks, failures, drained } = queue();
    const log: string[] = [];
    tasks.push(() => {
      throw new Error('a handler bug');
    });
    tasks.push(() => {
      log.push('next');
    });
    // The first task fails at once, so the queue is drained before the second is pushed.
    await expect.poll(() => drained()).toBe(2);
    expect(failures).toEqual([new Error('a handler bug')]);
    expect(log).toEqual(['next']);
  });

  it('once stopped, drops what is queued and refuses more, letting the running task finish', async () => {
    const { tasks, drained } = queue();
    const log: string[] = [];
    tasks.push(async () => {
      await tick();
      log.push('running');
    });
    tasks.push(() => {
      log.push('queued');
    });
    tasks.stop();
    tasks.push(() => {
      log.push('later');
    });
    await expect.poll(() => drained()).toBe(1);
    expect(log).toEqual(['running']);
  });
});
