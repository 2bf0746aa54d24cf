import { describe, expect, it } from 'vitest';
import {
  runBaselineJob,
  type BaselineReply,
  type BaselineRequest,
} from '../../../../client/src/forecast/baseline-job.ts';
import type { BaselineWorker } from '../../../../client/src/forecast/start-worker.ts';
import { BaselineRun } from '../../../../client/src/state/baseline-run.svelte.ts';
import { makePlan, months } from '../../../helpers/plan-builder.ts';

const HISTORY = months('2025-12', 12);
const plan = makePlan({
  families: ['A', 'B', 'C'].map((id) => ({
    id,
    name: `Family ${id}`,
    price: 1,
    unitCost: 1,
    openingInventory: 0,
  })),
  history: Object.fromEntries(
    ['A', 'B', 'C'].map((id, f) => [
      id,
      Object.fromEntries(HISTORY.map((month, t) => [month, { actual: 50 + f + (t % 3) }])),
    ]),
  ),
  demand: { A: { '2026-12': 7 } },
});

/** A worker that keeps what it is sent and answers only when the test says so. */
class FakeWorker implements BaselineWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  sent: unknown[] = [];
  terminated = false;
  postMessage(message: unknown): void {
    this.sent.push(structuredClone(message));
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Runs the real job on what was sent and hands each reply to the page, as a worker would. */
  work(): BaselineReply[] {
    const replies: BaselineReply[] = [];
    runBaselineJob(this.sent[0] as BaselineRequest, (reply) => replies.push(reply));
    return replies;
  }
  answer(reply: BaselineReply): void {
    if (!this.terminated) this.onmessage?.({ data: structuredClone(reply) } as MessageEvent);
  }
}

function setUp() {
  const workers: FakeWorker[] = [];
  const later: (() => void)[] = [];
  const run = new BaselineRun(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    (task) => later.push(task),
  );
  /** Runs the tasks the run left for later, as the page's next task would. */
  const next = () => {
    for (const task of later.splice(0)) task();
  };
  return { run, workers, next };
}

describe('BaselineRun', () => {
  it('sends the worker only what the baseline reads, and shows progress and rows as they come', () => {
    const { run, workers, next } = setUp();
    run.start(plan, 4);
    expect(run.status).toBe('running');
    expect(run.madeFrom).toBe(4);
    // The plan is written out and sent in the next task, not the click's.
    expect(workers).toHaveLength(0);
    next();
    const request = workers[0].sent[0] as BaselineRequest;
    expect(request.type).toBe('run');
    const sent = JSON.parse(request.plan) as typeof plan;
    expect(sent).not.toHaveProperty('demand');
    expect(sent.families.map((f) => f.id)).toEqual(['A', 'B', 'C']);
    expect(sent.history).toEqual(plan.history);

    const replies = workers[0].work();
    const progress = replies.filter((r) => r.type === 'progress');
    workers[0].answer(progress[0]);
    expect([run.done, run.total, run.rows.length]).toEqual([0, 3, 0]);
    workers[0].answer(progress[1]);
    expect([run.done, run.rows.map((row) => row.family)]).toEqual([1, ['A']]);
    for (const reply of replies.slice(2)) workers[0].answer(reply);
    expect(run.status).toBe('done');
    expect(run.rows.map((row) => row.family)).toEqual(['A', 'B', 'C']);
    expect(run.rows[0].history.months).toEqual(HISTORY);
    expect(workers[0].terminated).toBe(true);
  });

  it('a newer run ends the one under way, whose late answers are never heard', () => {
    const { run, workers, next } = setUp();
    run.start(plan, 1);
    next();
    const late = workers[0].work();
    run.start(plan, 2);
    expect(workers[0].terminated).toBe(true);
    next();
    // Even an answer already on its way from the first worker is dropped: its id is old.
    run.receive(late[1]);
    expect(run.rows).toEqual([]);
    for (const reply of workers[1].work()) workers[1].answer(reply);
    expect(run.status).toBe('done');
    expect(run.rows).toHaveLength(3);
  });

  it('stopping or leaving ends the worker and keeps the rows made so far', () => {
    const { run, workers, next } = setUp();
    run.start(plan, 1);
    next();
    const replies = workers[0].work();
    workers[0].answer(replies[1]);
    run.cancel();
    expect(run.status).toBe('cancelled');
    expect(workers[0].terminated).toBe(true);
    run.receive(replies[2]);
    expect(run.rows.map((row) => row.family)).toEqual(['A']);

    run.start(plan, 2);
    next();
    run.destroy();
    expect(workers[1].terminated).toBe(true);
    expect(run.isRunning).toBe(false);

    // Leaving before the worker started: it never starts.
    run.start(plan, 3);
    run.destroy();
    next();
    expect(workers).toHaveLength(2);
  });

  it('says why a run failed, from the worker’s reply or its error', () => {
    const { run, workers, next } = setUp();
    run.start(plan, 1);
    next();
    workers[0].answer({ type: 'failed', id: 1, message: 'no memory left' });
    expect(run.status).toBe('failed');
    expect(run.error).toBe('The baseline could not be made: no memory left');

    run.start(plan, 2);
    next();
    workers[1].onerror?.({ message: 'the script did not load' } as ErrorEvent);
    expect(run.status).toBe('failed');
    expect(run.error).toBe('The baseline could not be made: the script did not load');
  });
});
