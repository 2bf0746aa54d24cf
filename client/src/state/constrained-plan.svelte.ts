import { addScenarioFromFile } from '../../../shared/doc/scenario-commands.ts';
import type { Scenario } from '../../../shared/engine/scenario.ts';
import type { Plan } from '../../../shared/engine/types.ts';
import {
  modelSize,
  type ModelSize,
  type OptimizeMessage,
  type OptimizeReply,
  type OptimizeResult,
} from '../optimize/optimize-job.ts';
import type { OptimizeWorker } from '../optimize/start-optimize-worker.ts';
import { jsonPieces, sendInSlices } from '../lib/json-slices.ts';
import type { CycleSession } from './cycle-session.svelte.ts';

/** Where the constrained plan stands: not asked for, being solved, solved, or failed. */
export type ConstrainedPlanStatus = 'idle' | 'solving' | 'done' | 'failed';

/** How long the plan must rest before the live panels solve it again (milliseconds). */
export const FOLLOW_DELAY_MS = 800;

/**
 * The constrained supply plan of the live plan (or a scenario's), solved by HiGHS in a Web
 * Worker so the page never waits for it: the size of the program while it is solved, then
 * the result (the plan and its draft scenario with the cost lines, or why there is none,
 * in words), the plan version it was made from and when. The worker is started on the
 * first request and kept, so the solver loads once; a newer request while one is being
 * solved ends that solve (its worker is terminated and a fresh one takes the new request),
 * so only the latest plan is ever shown. The page's main thread never runs the solver.
 */
export class ConstrainedPlanRun {
  readonly #startWorker: () => OptimizeWorker;
  readonly #later: (task: () => void, ms: number) => unknown;
  readonly #cancelLater: (handle: unknown) => void;
  readonly #clock: () => number;
  #worker: OptimizeWorker | null = null;
  #requestId = 0;
  // The answers awaited: bookkeeping, never shown, so not reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #waiting = new Map<number, (result: OptimizeResult | null) => void>();
  #followTimer: unknown = null;
  #status = $state<ConstrainedPlanStatus>('idle');
  #size = $state<ModelSize | null>(null);
  #result = $state.raw<OptimizeResult | null>(null);
  #error = $state<string | null>(null);
  #madeFrom = $state<number | null>(null);
  #asOf = $state<number | null>(null);
  #asked = $state<number | null>(null);

  /**
   * `startWorker` starts the worker (the real one in the page, a fake in tests); `later`
   * and `cancelLater` schedule and drop a task (timers in the page); `clock` tells the time
   * a result was made (milliseconds since 1970).
   */
  constructor(
    startWorker: () => OptimizeWorker,
    later: (task: () => void, ms: number) => unknown = (task, ms) => setTimeout(task, ms),
    cancelLater: (handle: unknown) => void = (handle) =>
      clearTimeout(handle as ReturnType<typeof setTimeout>),
    clock: () => number = () => Date.now(),
  ) {
    this.#startWorker = startWorker;
    this.#later = later;
    this.#cancelLater = cancelLater;
    this.#clock = clock;
  }

  get status(): ConstrainedPlanStatus {
    return this.#status;
  }

  get isSolving(): boolean {
    return this.#status === 'solving';
  }

  /** The program being solved, or last solved: families × months × resources. */
  get size(): ModelSize | null {
    return this.#size;
  }

  /** The last result: the constrained plan, or why there is none in words. */
  get result(): OptimizeResult | null {
    return this.#result;
  }

  /** Why the solver itself failed, in words; null otherwise. */
  get error(): string | null {
    return this.#error;
  }

  /** The plan version the result was made from (see `LivePlan.version`). */
  get madeFrom(): number | null {
    return this.#madeFrom;
  }

  /** The plan version of the request under way or last made. */
  get asked(): number | null {
    return this.#asked;
  }

  /** When the result was made (milliseconds since 1970); null before the first. */
  get asOf(): number | null {
    return this.#asOf;
  }

  /** Whether the result was made from an earlier plan version than `version`. */
  isBehind(version: number): boolean {
    return this.#madeFrom !== null && this.#madeFrom !== version;
  }

  /**
   * Solves the constrained plan of `plan` (version `version`), ending any solve under way.
   * Resolves with the result, or null when a newer request took its place or the solver
   * failed (see {@link error}).
   */
  solve(plan: Plan, version: number): Promise<OptimizeResult | null> {
    return this.#ask(plan, version, (id) => ({ type: 'optimize', id }));
  }

  /**
   * Re-plans the supply of a scenario of `plan`: the scenario's plan optimised, its own
   * changes kept (the draft's name says so). Resolves like {@link solve}.
   */
  replan(plan: Plan, version: number, scenario: Scenario): Promise<OptimizeResult | null> {
    return this.#ask(plan, version, (id) => ({ type: 'replan', id, scenario }));
  }

  /**
   * Keeps the result up to the live plan: once the plan has rested {@link FOLLOW_DELAY_MS}
   * at a version the result was not made from (nor is being made from), solves it again.
   */
  follow(plan: Plan, version: number): void {
    if (this.#followTimer !== null) this.#cancelLater(this.#followTimer);
    this.#followTimer = null;
    if (this.#asked === version && this.#status !== 'failed') return;
    const wait = this.#madeFrom === null && this.#status === 'idle' ? 0 : FOLLOW_DELAY_MS;
    this.#followTimer = this.#later(() => {
      this.#followTimer = null;
      void this.solve(plan, version);
    }, wait);
  }

  /** Takes in the worker's answer; answers to a request no longer wanted are ignored. */
  receive(reply: OptimizeReply): void {
    const settle = this.#waiting.get(reply.id);
    this.#waiting.delete(reply.id);
    if (reply.id !== this.#requestId || this.#status !== 'solving') {
      settle?.(null);
      return;
    }
    if (reply.type === 'solved') {
      this.#status = 'done';
      this.#result = reply.result;
      this.#error = null;
      this.#madeFrom = this.#asked;
      this.#asOf = this.#clock();
      settle?.(reply.result);
    } else {
      this.#fail(reply.message);
      settle?.(null);
    }
  }

  /** Ends the solve under way and any follow-up, and the worker with them: the page is leaving. */
  destroy(): void {
    if (this.#followTimer !== null) this.#cancelLater(this.#followTimer);
    this.#followTimer = null;
    this.#end();
    this.#requestId++;
    if (this.#status === 'solving') this.#status = 'idle';
    this.#settleAll();
  }

  #ask(
    plan: Plan,
    version: number,
    request: (id: number) => OptimizeMessage,
  ): Promise<OptimizeResult | null> {
    // A solve cannot be interrupted inside the worker: a newer request ends its worker.
    if (this.#status === 'solving') this.#end();
    this.#settleAll();
    const id = ++this.#requestId;
    this.#status = 'solving';
    this.#size = modelSize(plan);
    this.#asked = version;
    this.#error = null;
    const answer = new Promise<OptimizeResult | null>((resolve) => this.#waiting.set(id, resolve));
    // The plan is written out and sent in later tasks, a slice of time each: the click's
    // frame shows the progress first, and no task of the page's grows long.
    this.#later(() => {
      if (id !== this.#requestId) return;
      const worker = this.#ensureWorker();
      const post = (message: OptimizeMessage) => worker.postMessage(message);
      sendInSlices(jsonPieces(plan), {
        id,
        post,
        wanted: () => id === this.#requestId,
        later: (task) => this.#later(task, 0),
        now: () => performance.now(),
        done: () => post(request(id)),
      });
    }, 0);
    return answer;
  }

  #ensureWorker(): OptimizeWorker {
    if (this.#worker) return this.#worker;
    const worker = this.#startWorker();
    worker.onmessage = (event) => this.receive(event.data as OptimizeReply);
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.#worker !== worker) return;
      this.#end();
      this.#fail(event.message || 'the solver could not start');
      this.#settleAll();
    };
    this.#worker = worker;
    return worker;
  }

  #fail(message: string): void {
    this.#status = 'failed';
    this.#error = `The constrained plan could not be worked out: ${message}`;
  }

  #settleAll(): void {
    for (const settle of this.#waiting.values()) settle(null);
    this.#waiting.clear();
  }

  #end(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }
}

/** The name a new draft gets: `Constrained plan`, numbered if that is taken. */
export function draftName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    const name = `${base} ${n}`;
    if (!taken.includes(name)) return name;
  }
}

/**
 * Adds a scenario the optimizer worked out as a new draft, named after `base` (numbered if
 * that name is taken) and owned by `owner` when one is typed. Gives the draft's id and name,
 * or the write policy's refusal.
 */
export function addSolvedDraft(
  session: CycleSession,
  scenario: Scenario,
  base: string,
  owner: string,
): { ok: true; id: string; name: string } | { ok: false; error: string } {
  const taken = session.records('scenarios').records.map((record) => record.name);
  const name = draftName(base, taken);
  const made = session.act((doc) =>
    addScenarioFromFile(doc, { ...scenario, name }, owner.trim() ? { owner: owner.trim() } : {}),
  );
  return made.ok ? { ok: true, id: made.value, name } : { ok: false, error: made.error };
}
