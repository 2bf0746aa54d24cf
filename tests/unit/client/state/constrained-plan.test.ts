import loadHighs, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  optimizeReceiver,
  runOptimizeJob,
  type OptimizeMessage,
  type OptimizeReply,
  type OptimizeRequest,
} from '../../../../client/src/optimize/optimize-job.ts';
import type { OptimizeWorker } from '../../../../client/src/optimize/start-optimize-worker.ts';
import {
  ConstrainedPlanRun,
  draftName,
  FOLLOW_DELAY_MS,
} from '../../../../client/src/state/constrained-plan.svelte.ts';
import { tightPlan } from '../../../helpers/tight-plan.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** A worker that keeps what it is sent and answers, with the real job, when the test says. */
class FakeWorker implements OptimizeWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  /** The requests sent, each with its plan joined from the parts that came before it. */
  sent: OptimizeRequest[] = [];
  terminated = false;
  readonly #receive = optimizeReceiver();
  postMessage(message: unknown): void {
    const request = this.#receive(structuredClone(message) as OptimizeMessage);
    if (request) this.sent.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Solves the request at `index` and hands the answer to the page, as the worker would. */
  answer(index = this.sent.length - 1): OptimizeReply {
    const reply = runOptimizeJob(highs, this.sent[index]);
    if (!this.terminated) this.onmessage?.({ data: structuredClone(reply) } as MessageEvent);
    return reply;
  }
}

/** A run with fake timers: `tick()` runs the tasks due, `advance(ms)` moves the clock. */
function setUp() {
  const workers: FakeWorker[] = [];
  let now = 0;
  let tasks: { at: number; task: () => void; handle: number }[] = [];
  let handles = 0;
  const run = new ConstrainedPlanRun(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    (task, ms) => {
      const handle = ++handles;
      tasks.push({ at: now + ms, task, handle });
      return handle;
    },
    (handle) => {
      tasks = tasks.filter((entry) => entry.handle !== handle);
    },
    () => 1_700_000_000_000 + now,
  );
  const advance = (ms = 0) => {
    now += ms;
    // Tasks a task schedules for now run too, as timers of 0 ms would.
    for (;;) {
      const due = tasks.filter((entry) => entry.at <= now);
      if (due.length === 0) return;
      tasks = tasks.filter((entry) => entry.at > now);
      for (const entry of due) entry.task();
    }
  };
  return { run, workers, advance, pending: () => tasks.length };
}

describe('the constrained plan in the page', () => {
  it('shows the size while the worker solves, then the result and when it was made', async () => {
    const { run, workers, advance } = setUp();
    const answer = run.solve(tightPlan(), 3);
    expect(run.status).toBe('solving');
    expect(run.size).toEqual({ families: 1, months: 3, resources: 1 });
    expect(workers).toHaveLength(0);
    advance();
    expect(workers[0].sent[0]).toMatchObject({ type: 'optimize', id: 1 });
    advance(250);
    workers[0].answer();
    const result = await answer;
    expect(result?.ok).toBe(true);
    expect(run.status).toBe('done');
    expect(run.madeFrom).toBe(3);
    expect(run.asOf).toBe(1_700_000_000_250);
    expect(run.isBehind(3)).toBe(false);
    expect(run.isBehind(4)).toBe(true);
  });

  it('keeps one worker, so the solver loads once, across requests that do not overlap', async () => {
    const { run, workers, advance } = setUp();
    const first = run.solve(tightPlan(), 1);
    advance();
    workers[0].answer();
    await first;
    const second = run.solve(tightPlan(), 2);
    advance();
    workers[0].answer();
    expect((await second)?.ok).toBe(true);
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
  });

  it('ends a solve under way when a newer one is asked for, and shows only the newer', async () => {
    const { run, workers, advance } = setUp();
    const older = run.solve(tightPlan(), 1);
    advance();
    const newer = run.solve(tightPlan(80), 2);
    expect(workers[0].terminated).toBe(true);
    expect(await older).toBeNull();
    advance();
    expect(workers).toHaveLength(2);
    workers[0].answer();
    expect(run.status).toBe('solving');
    workers[1].answer();
    const result = await newer;
    expect(result?.ok).toBe(false);
    expect(run.madeFrom).toBe(2);
    expect(result?.ok === false && result.message).toMatch(/Assembly line 1/);
  });

  it('follows the live plan once it rests, and not again for the version it has', () => {
    const { run, workers, advance, pending } = setUp();
    run.follow(tightPlan(), 1);
    advance();
    expect(workers[0].sent).toHaveLength(1);
    workers[0].answer();
    run.follow(tightPlan(), 1);
    expect(pending()).toBe(0);
    run.follow(tightPlan(), 2);
    run.follow(tightPlan(), 3);
    advance(FOLLOW_DELAY_MS - 1);
    expect(workers[0].sent).toHaveLength(1);
    advance(1);
    expect(workers[0].sent).toHaveLength(2);
    expect(workers[0].sent[1]).toMatchObject({ id: 2 });
    workers[0].answer();
    expect(run.madeFrom).toBe(3);
  });

  it('re-plans a scenario of the plan', async () => {
    const { run, workers, advance } = setUp();
    const answer = run.replan(tightPlan(), 5, {
      format: 'fulcrum.scenario',
      version: 1,
      name: 'Upside',
      overrides: [{ measure: 'demand', targets: 'all', op: 'scale', value: 1.2 }],
    });
    advance();
    expect(workers[0].sent[0]).toMatchObject({ type: 'replan', scenario: { name: 'Upside' } });
    workers[0].answer();
    const result = await answer;
    expect(result?.ok && result.scenario.name).toBe('Upside, supply re-planned');
  });

  it('says in words when the worker fails, and starts a new one for the next request', async () => {
    const { run, workers, advance } = setUp();
    const answer = run.solve(tightPlan(), 1);
    advance();
    workers[0].onerror?.({ message: 'wasm did not load', preventDefault() {} } as ErrorEvent);
    expect(await answer).toBeNull();
    expect(run.status).toBe('failed');
    expect(run.error).toBe('The constrained plan could not be worked out: wasm did not load');
    void run.solve(tightPlan(), 1);
    advance();
    expect(workers).toHaveLength(2);
  });

  it('ends everything when the page leaves', () => {
    const { run, workers, advance, pending } = setUp();
    run.follow(tightPlan(), 1);
    advance();
    run.follow(tightPlan(), 2);
    run.destroy();
    expect(workers[0].terminated).toBe(true);
    expect(pending()).toBe(0);
    expect(run.status).toBe('idle');
  });

  it('numbers a draft whose name is taken', () => {
    expect(draftName('Constrained plan', [])).toBe('Constrained plan');
    expect(draftName('Constrained plan', ['Constrained plan', 'Constrained plan 2'])).toBe(
      'Constrained plan 3',
    );
  });
});
