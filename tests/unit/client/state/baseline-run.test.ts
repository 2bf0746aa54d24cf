import { describe, expect, it } from 'vitest';
import {
  baselineInput,
  baselineReceiver,
  type BaselineMessage,
  type BaselineReply,
} from '../../../../client/src/forecast/baseline-job.ts';
import type { BaselineWorker } from '../../../../client/src/forecast/start-worker.ts';
import { jsonPieces } from '../../../../client/src/lib/json-slices.ts';
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
  /** The plan's JSON sent so far, its parts joined. */
  get planText(): string {
    return (this.sent as BaselineMessage[])
      .map((message) => (message.type === 'part' ? message.text : ''))
      .join('');
  }
  /** Runs the real job on what was sent and hands each reply to the page, as a worker would. */
  work(): BaselineReply[] {
    const replies: BaselineReply[] = [];
    const receive = baselineReceiver((reply) => replies.push(reply));
    for (const message of this.sent as BaselineMessage[]) receive(message);
    return replies;
  }
  answer(reply: BaselineReply): void {
    if (!this.terminated) this.onmessage?.({ data: structuredClone(reply) } as MessageEvent);
  }
}

/** A run with fake workers; `now` is its clock (by default one that never moves). */
function setUp(now: () => number = () => 0) {
  const workers: FakeWorker[] = [];
  const later: (() => void)[] = [];
  const run = new BaselineRun(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    (task) => later.push(task),
    now,
  );
  /** Runs the tasks the run left for later, as the page's next task would; how many. */
  const next = () => {
    const tasks = later.splice(0);
    for (const task of tasks) task();
    return tasks.length;
  };
  /** Runs tasks until none is left: the plan is written and sent. */
  const settle = () => {
    while (next() > 0);
  };
  return { run, workers, next, settle };
}

describe('BaselineRun', () => {
  it('sends the worker only what the baseline reads, and shows progress and rows as they come', () => {
    const { run, workers, next, settle } = setUp();
    run.start(plan, 4);
    expect(run.status).toBe('running');
    expect(run.madeFrom).toBe(4);
    // The worker starts in the next task, not the click's; the plan is written after.
    expect(workers).toHaveLength(0);
    next();
    expect(workers).toHaveLength(1);
    expect(workers[0].sent).toEqual([]);
    settle();
    expect((workers[0].sent as BaselineMessage[]).map((m) => m.type)).toEqual(['part', 'end']);
    const sent = JSON.parse(workers[0].planText) as typeof plan;
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

  it('writes the plan out a slice of time per task, and sends each slice as it is written', () => {
    // A clock that moves 5 ms at each look: a task writes two pieces, then leaves the rest.
    let clock = 0;
    const { run, workers, next, settle } = setUp(() => (clock += 5));
    run.start(plan, 1);
    next();
    let tasks = 0;
    while (next() > 0) tasks++;
    const pieces = [...jsonPieces(baselineInput(plan))].length;
    expect(pieces).toBeGreaterThan(10);
    // Two pieces a task; a task that ends on the last piece leaves one more to say done.
    expect(tasks).toBe(Math.floor(pieces / 2) + 1);
    const sent = workers[0].sent as BaselineMessage[];
    const parts = Math.ceil(pieces / 2);
    expect(sent.map((m) => m.type)).toEqual([...Array<string>(parts).fill('part'), 'end']);
    expect(JSON.parse(workers[0].planText)).toEqual(
      JSON.parse(JSON.stringify(baselineInput(plan))),
    );

    // A run stopped while its plan is being written ends its worker, which is sent no end.
    run.start(plan, 2);
    next();
    next();
    run.cancel();
    settle();
    expect(workers).toHaveLength(2);
    expect(workers[1].terminated).toBe(true);
    expect((workers[1].sent as BaselineMessage[]).map((m) => m.type)).toEqual(['part']);
  });

  it('a newer run ends the one under way, whose late answers are never heard', () => {
    const { run, workers, settle } = setUp();
    run.start(plan, 1);
    settle();
    const late = workers[0].work();
    run.start(plan, 2);
    expect(workers[0].terminated).toBe(true);
    settle();
    // Even an answer already on its way from the first worker is dropped: its id is old.
    run.receive(late[1]);
    expect(run.rows).toEqual([]);
    for (const reply of workers[1].work()) workers[1].answer(reply);
    expect(run.status).toBe('done');
    expect(run.rows).toHaveLength(3);
  });

  it('stopping or leaving ends the worker and keeps the rows made so far', () => {
    const { run, workers, next, settle } = setUp();
    run.start(plan, 1);
    settle();
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
