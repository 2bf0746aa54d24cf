import type { Plan } from '../../../shared/engine/types.ts';
import {
  baselineInputPieces,
  type BaselineMessage,
  type BaselineReply,
  type BaselineResult,
} from '../forecast/baseline-job.ts';
import type { BaselineWorker } from '../forecast/start-worker.ts';

/**
 * How long one task of the page writes the plan out for the worker (milliseconds): well
 * inside a frame, so typing and scrolling go on while a run starts.
 */
export const WRITE_SLICE_MS = 8;

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
   * tasks after, each of about {@link WRITE_SLICE_MS} (a family's history at a time) and
   * sent as it is written: no step makes a long task of the page's.
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
      this.#worker = this.#startWorkerFor(id);
      this.#later(() => this.#write(id, baselineInputPieces(plan)));
    });
  }

  /**
   * Writes pieces of the plan for run `id` for one slice of time and sends them as one
   * part, then leaves the rest to a later task; at the last, tells the worker to run.
   */
  #write(id: number, pieces: Iterator<string>): void {
    if (!this.#isCurrent(id) || !this.#worker) return;
    const until = this.#now() + WRITE_SLICE_MS;
    const written: string[] = [];
    let piece = pieces.next();
    for (; !piece.done; piece = pieces.next()) {
      written.push(piece.value);
      if (this.#now() >= until) break;
    }
    const send = (message: BaselineMessage) => this.#worker?.postMessage(message);
    if (written.length > 0) send({ type: 'part', id, text: written.join('') });
    if (piece.done) send({ type: 'end', id });
    else this.#later(() => this.#write(id, pieces));
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
    if (reply.id !== this.#runId || this.#status !== 'running') return;
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
