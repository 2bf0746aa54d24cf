import type { Plan } from '../../../shared/engine/types.ts';
import {
  demandHistory,
  planBaselines,
  type DemandHistory,
  type FamilyBaseline,
} from '../../../shared/forecast/plan-baseline.ts';
import { ReceivedParts, type JsonPart } from '../lib/json-slices.ts';

/**
 * The statistical baseline run off the page's main thread: what the page sends the
 * worker, what the worker sends back, and the worker's loop. The loop lives here, apart
 * from the worker's entry, so a unit test can run it in Node exactly as the worker does.
 */

/** What the baseline reads of a plan: its families, horizon, history, actuals and marks. */
export type BaselineInput = Pick<
  Plan,
  'cycle' | 'periods' | 'families' | 'history' | 'actuals' | 'historyMarks'
>;

/** One family's baseline with the demand history it was made from, as the page shows them. */
export type BaselineResult = FamilyBaseline & { history: DemandHistory };

/**
 * A run of the job; `id` tells its answers from those of an earlier run. The plan
 * travels as JSON text: writing it is a fast path of the engine, where the structured
 * clone of 30,000 small history objects held the page's thread twice as long.
 */
export interface BaselineRequest {
  type: 'run';
  id: number;
  /** A {@link BaselineInput} as JSON. */
  plan: string;
}

/**
 * What the page sends the worker: the input's JSON a part at a time (each written in a
 * short task of the page's), then `end`, which runs the job on the parts joined.
 */
export type BaselineMessage = JsonPart | { type: 'end'; id: number };

/** What the worker answers while it works, and once at the end. */
export type BaselineReply =
  | { type: 'progress'; id: number; done: number; total: number; rows: BaselineResult[] }
  | { type: 'done'; id: number; total: number }
  | { type: 'failed'; id: number; message: string };

/** How long the worker computes before it tells the page what it has (milliseconds). */
export const REPLY_EVERY_MS = 100;

/** Only what the baseline reads of `plan`: the worker gets that much, as JSON. */
export function baselineInput(plan: Plan): BaselineInput {
  return {
    cycle: plan.cycle,
    periods: plan.periods,
    families: plan.families,
    history: plan.history,
    ...(plan.actuals && { actuals: plan.actuals }),
    ...(plan.historyMarks && { historyMarks: plan.historyMarks }),
  };
}

/**
 * The worker's side of {@link BaselineMessage}: keeps a run's parts as they come and, at
 * its `end`, runs the job on them. Parts of an earlier run are dropped.
 */
export function baselineReceiver(
  reply: (message: BaselineReply) => void,
): (message: BaselineMessage) => void {
  const parts = new ReceivedParts();
  return (message) => {
    if (message.type === 'part') parts.add(message);
    else runBaselineJob({ type: 'run', id: message.id, plan: parts.take(message.id) }, reply);
  };
}

/** A plan with nothing but what the baseline reads, for `planBaselines`. */
function planOf(input: BaselineInput, families: Plan['families']): Plan {
  return {
    format: 'fulcrum.plan',
    version: 2,
    currency: 'EUR',
    resources: [],
    loads: [],
    demand: {},
    supply: {},
    capacity: {},
    budget: {},
    ...input,
    families,
  };
}

/**
 * Makes the baseline of each family of the request in turn, and replies with the rows
 * made so far about every {@link REPLY_EVERY_MS} (and after the first and last family),
 * then `done`. An error replies `failed` with its message.
 */
export function runBaselineJob(
  request: BaselineRequest,
  reply: (message: BaselineReply) => void,
  now: () => number = () => performance.now(),
): void {
  const { id } = request;
  try {
    const plan = JSON.parse(request.plan) as BaselineInput;
    const total = plan.families.length;
    let batch: BaselineResult[] = [];
    let last = now();
    reply({ type: 'progress', id, done: 0, total, rows: [] });
    plan.families.forEach((family, index) => {
      const one = planOf(plan, [family]);
      const [baseline] = planBaselines(one);
      batch.push({ ...baseline, history: demandHistory(one, family.id) });
      const done = index + 1;
      if (done === 1 || done === total || now() - last >= REPLY_EVERY_MS) {
        reply({ type: 'progress', id, done, total, rows: batch });
        batch = [];
        last = now();
      }
    });
    reply({ type: 'done', id, total });
  } catch (error) {
    reply({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  }
}
