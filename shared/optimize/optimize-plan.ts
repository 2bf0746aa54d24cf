import type { Highs } from 'highs';
import { applyScenario, type Scenario } from '../engine/scenario.ts';
import { planSettings } from '../engine/settings.ts';
import type { Plan } from '../engine/types.ts';
import { constrainedScenario } from './constrained-scenario.ts';
import { solveWithHighs } from './highs-run.ts';
import { buildSupplyModel, type SupplyModel } from './supply-model.ts';
import { readConstrainedPlan, type ConstrainedPlan } from './supply-solution.ts';

/** The constrained plan and its draft scenario, or why there is none, in words. */
export type OptimizeOutcome =
  | { ok: true; model: SupplyModel; constrained: ConstrainedPlan; scenario: Scenario }
  | { ok: false; message: string };

/**
 * The constrained supply plan of `plan` (domain.md 4.13) as a draft scenario, solved with
 * the HiGHS instance given (loaded by the caller: the command line, or the page's worker).
 */
export function optimizePlan(highs: Highs, plan: Plan): OptimizeOutcome {
  const model = buildSupplyModel(plan);
  const result = solveWithHighs(highs, model.lp);
  if (result.status !== 'optimal') return { ok: false, message: whyNoPlan(plan, result.detail) };
  const constrained = readConstrainedPlan(plan, model, result);
  return { ok: true, model, constrained, scenario: constrainedScenario(plan, constrained) };
}

/**
 * Re-plans supply for a scenario (one that changes demand, say): the scenario's plan is
 * optimised and the draft keeps the scenario's own changes, then sets supply and adds the
 * overtime its constrained plan needs, so "what if demand is +20%?" answers with a
 * feasible supply plan and its cost.
 */
export function reoptimizeScenario(highs: Highs, plan: Plan, scenario: Scenario): OptimizeOutcome {
  const changed = applyScenario(plan, scenario);
  const outcome = optimizePlan(highs, changed);
  if (!outcome.ok) return outcome;
  return {
    ...outcome,
    scenario: {
      ...scenario,
      name: `${scenario.name}, supply re-planned`,
      assumption: [scenario.assumption, outcome.scenario.assumption].filter(Boolean).join(' '),
      overrides: [...scenario.overrides, ...outcome.scenario.overrides],
    },
  };
}

/**
 * Why the program has no solution, naming what to relax. Only the families' minimum
 * supply can make it infeasible (a backlog absorbs any shortfall), so the resource-months
 * whose minimums need more hours than capacity and overtime give are named.
 */
function whyNoPlan(plan: Plan, detail: string | undefined): string {
  const settings = planSettings(plan);
  const tight: string[] = [];
  for (const resource of plan.resources) {
    for (const month of plan.periods) {
      let needed = 0;
      for (const load of plan.loads) {
        if (load.resource !== resource.id) continue;
        const family = plan.families.find((f) => f.id === load.family);
        needed += load.hoursPerUnit * (family?.minSupply ?? 0);
      }
      const allowed = (plan.capacity[resource.id]?.[month] ?? 0) * (1 + settings.overtimeShare);
      if (needed > allowed + 1e-9) {
        tight.push(
          `${resource.name} in ${month} (${round(needed)} hours needed, ${round(allowed)} allowed)`,
        );
      }
    }
  }
  if (tight.length > 0) {
    const listed =
      tight.slice(0, 3).join('; ') + (tight.length > 3 ? `; and ${tight.length - 3} more` : '');
    return `No supply plan meets every limit: the families' minimum supply needs more hours than capacity and overtime allow at ${listed}. Lower a family's minimum supply, add capacity, or allow more overtime (plan settings).`;
  }
  return `The solver found no constrained plan (${detail ?? 'no status'}). Check the families' minimum and maximum supply and the resources' capacity.`;
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}
