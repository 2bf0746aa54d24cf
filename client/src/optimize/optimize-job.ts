import type { Highs } from 'highs';
import type { Plan } from '../../../shared/engine/types.ts';
import { applyScenario, type Scenario } from '../../../shared/engine/scenario.ts';
import { supplyPlanCost } from '../../../shared/optimize/constrained-scenario.ts';
import { optimizePlan, reoptimizeScenario } from '../../../shared/optimize/optimize-plan.ts';
import type { ConstrainedPlan, CostLines } from '../../../shared/optimize/supply-solution.ts';
import { ReceivedParts, type JsonPart } from '../lib/json-slices.ts';

/**
 * The constrained supply plan worked out off the page's main thread: what the page sends
 * the optimizer's worker, what it answers, and the worker's handling of one request. The
 * handling lives here, apart from the worker's entry, so a unit test runs it in Node with
 * the real solver exactly as the worker does.
 */

/** How large the program is: the page shows it while the solver works. */
export interface ModelSize {
  families: number;
  months: number;
  resources: number;
}

/**
 * "Optimize this plan", or "re-plan this scenario" (its plan optimised, its own changes
 * kept). `id` tells its answer from those of an earlier request. The plan travels as
 * JSON text (a fast path, where the structured clone of many small objects is not).
 */
export type OptimizeRequest =
  | { type: 'optimize'; id: number; plan: string }
  | { type: 'replan'; id: number; plan: string; scenario: Scenario };

/**
 * What the page posts the worker: the plan's JSON in parts (see json-slices.ts), then the
 * request without it; the worker joins the parts into the request's plan.
 */
export type OptimizeMessage = JsonPart | DistributiveOmit<OptimizeRequest, 'plan'>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The worker's side of {@link OptimizeMessage}: a request with its plan, once it came. */
export function optimizeReceiver(): (message: OptimizeMessage) => OptimizeRequest | null {
  const parts = new ReceivedParts();
  return (message) => {
    if (message.type === 'part') {
      parts.add(message);
      return null;
    }
    return { ...message, plan: parts.take(message.id) } as OptimizeRequest;
  };
}

/** What the page gets back of a solved plan: everything but the program's text. */
export type OptimizeResult =
  | {
      ok: true;
      constrained: ConstrainedPlan;
      scenario: Scenario;
      /**
       * What the supply plan as it stands (the scenario's, when re-planning) costs by the
       * same lines; `feasible` is false when it needs more overtime than allowed.
       */
      current: CostLines & { feasible: boolean };
      /** The program's rows and columns, and how long the solver took (milliseconds). */
      rows: number;
      columns: number;
      ms: number;
    }
  | { ok: false; message: string };

/** The worker's one answer to a request. */
export type OptimizeReply =
  | { type: 'solved'; id: number; result: OptimizeResult }
  | { type: 'failed'; id: number; message: string };

/** The size of the program a plan makes. */
export function modelSize(plan: Pick<Plan, 'families' | 'periods' | 'resources'>): ModelSize {
  return {
    families: plan.families.length,
    months: plan.periods.length,
    resources: plan.resources.length,
  };
}

/** The size in words: `12 families × 18 months × 4 resources`. */
export function sizeWords(size: ModelSize, number: (n: number) => string = String): string {
  const of = (n: number, one: string, many: string) => `${number(n)} ${n === 1 ? one : many}`;
  return [
    of(size.families, 'family', 'families'),
    of(size.months, 'month', 'months'),
    of(size.resources, 'resource', 'resources'),
  ].join(' × ');
}

/**
 * Answers one request with the HiGHS instance given: the constrained plan and its draft
 * scenario, or why there is none in words (an infeasible plan names what to relax). An
 * error of the solver itself answers `failed` with its message.
 */
export function runOptimizeJob(
  highs: Highs,
  request: OptimizeRequest,
  now: () => number = () => performance.now(),
): OptimizeReply {
  const { id } = request;
  try {
    const plan = JSON.parse(request.plan) as Plan;
    const started = now();
    const outcome =
      request.type === 'replan'
        ? reoptimizeScenario(highs, plan, request.scenario)
        : optimizePlan(highs, plan);
    const ms = now() - started;
    if (!outcome.ok) return { type: 'solved', id, result: outcome };
    const before = request.type === 'replan' ? applyScenario(plan, request.scenario) : plan;
    return {
      type: 'solved',
      id,
      result: {
        ok: true,
        constrained: outcome.constrained,
        scenario: outcome.scenario,
        current: supplyPlanCost(before, before.supply),
        rows: outcome.model.rows.length,
        columns: outcome.model.columns,
        ms,
      },
    };
  } catch (error) {
    return { type: 'failed', id, message: error instanceof Error ? error.message : String(error) };
  }
}
