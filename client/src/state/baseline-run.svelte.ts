import type { Plan } from '../../../shared/engine/types.ts';
import { jsonPieces, sendInSlices } from '../lib/json-slices.ts';
import {
  baselineInput,
  type BaselineMessage,
  type BaselineReply,
  type BaselineResult,
} from '../forecast/baseline-job.ts';
import type { BaselineWorker } from '../forecast/start-worker.ts';

/** Where a run of the statistical baseline is. */
export type BaselineRunStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * One statistical baseline run of the demand review, made in a Web Worker so the page
 * never waits for it: started on the plan as it is, its progress family by family, the
 * rows as they arrive. A newer run or leaving the page ends the one under way (its
 * worker is terminated, so its late answers are never heard). The page's main thread
 * only copies the plan out and the rows in; it never runs the forecast.
 */
export class BaselineRun {
  readonly #startWorker: () => BaselineWorker;
  readonly #later: (task: () => void) => void;
  readonly #now: () => number;
  #worker: BaselineWorker | null = null;
  #runId = 0;
  #status = $state<BaselineRunStatus>('idle');
  #done = $state(0);
  #total = $state(0);
  #rows = $state.raw<BaselineResult[]>([]);
  #error = $state<string | null>(null);
  /** The plan version the run was made from (see `LivePlan.version`). */
  #madeFrom = $state<number | null>(null);

  /**
   * `startWorker` starts a worker (the real one in the page, a fake in tests); `later`
   * runs a task after the current one (a new macrotask in the page); `now` is the clock
   * that ends a task's share of writing the plan out.
   */
  constructor(
    startWorker: () => BaselineWorker,
    later: (task: () => void) => void = (task) => setTimeout(task, 0),
    now: () => number = () => performance.now(),
  ) {
    this.#startWorker = startWorker;
    this.#later = later;
    this.#now = now;
  }

  get status(): BaselineRunStatus {
    return this.#status;
  }

  get isRunning(): boolean {
    return this.#status === 'running';
  }

  /** Families done so far, of {@link total}. */
  get done(): number {
    return this.#done;
  }

  get total(): number {
    return this.#total;
  }

  /** The families' baselines made so far, in the plan's order. */
  get rows(): readonly BaselineResult[] {
    return this.#rows;
  }

  /** Why the last run failed, in words; null otherwise. */
  get error(): string | null {
    return this.#error;
  }

  /** The version of the plan the rows were made from; null before a run. */
  get madeFrom(): number | null {
    return this.#madeFrom;
  }

  /**
   * Starts a run on `plan` (ending any run under way): only what the baseline reads of
   * the plan is copied to the worker. `version` is the plan's version, kept to tell
   * later whether the plan changed since. The page shows the run as started at once; the
   * worker is started in the next task, so it loads while the plan is written out in the
   * tasks after, a slice of time each, and sent as it is written (see json-slices.ts): no
   * step makes a long task of the page's.
   */
  start(plan: Plan, version: number): void {
    this.#end();
    const id = ++this.#runId;
    this.#status = 'running';
    this.#done = 0;
    this.#total = plan.families.length;
    this.#rows = [];
    this.#error = null;
    this.#madeFrom = version;
    this.#later(() => {
      if (!this.#isCurrent(id)) return;
      const worker = this.#startWorkerFor(id);
      this.#worker = worker;
      const post = (message: BaselineMessage) => worker.postMessage(message);
      sendInSlices(jsonPieces(baselineInput(plan)), {
        id,
        post,
        wanted: () => this.#isCurrent(id),
        later: this.#later,
        now: this.#now,
        done: () => post({ type: 'end', id }),
      });
    });
  }

  #isCurrent(id: number): boolean {
    return id === this.#runId && this.#status === 'running';
  }

  #startWorkerFor(id: number): BaselineWorker {
    const worker = this.#startWorker();
    worker.onmessage = (event) => this.receive(event.data as BaselineReply);
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (id === this.#runId) this.#fail(event.message || 'the baseline could not start');
    };
    return worker;
  }

  /** Takes in one answer of the worker; answers of an earlier run are ignored. */
  receive(reply: BaselineReply): void {
    if (!this.#isCurrent(reply.id)) return;
    if (reply.type === 'progress') {
      this.#done = reply.done;
      this.#total = reply.total;
      if (reply.rows.length > 0) this.#rows = [...this.#rows, ...reply.rows];
    } else if (reply.type === 'done') {
      this.#done = reply.total;
      this.#status = 'done';
      this.#end();
    } else {
      this.#fail(reply.message);
    }
  }

  /** Ends the run under way, if any; the rows made so far stay. */
  cancel(): void {
    if (this.#status !== 'running') return;
    this.#end();
    this.#runId++;
    this.#status = 'cancelled';
  }

  /** Ends any run for good: the page is leaving the panel. */
  destroy(): void {
    this.cancel();
  }

  #fail(message: string): void {
    this.#end();
    this.#status = 'failed';
    this.#error = `The baseline could not be made: ${message}`;
  }

  #end(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }
}
