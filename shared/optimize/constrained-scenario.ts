import {
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type Override,
  type Scenario,
} from '../engine/scenario.ts';
import { holdingRateOf, planSettings } from '../engine/settings.ts';
import type { Grid, Plan } from '../engine/types.ts';
import type { ConstrainedPlan, CostLines } from './supply-solution.ts';

/**
 * The constrained plan as a draft scenario the meeting can compare and adopt: supply
 * set per family-month where it differs from the plan's, and each resource-month's
 * overtime added to its capacity, as the solution has them (to a millionth).
 */
export function constrainedScenario(plan: Plan, constrained: ConstrainedPlan): Scenario {
  const overrides: Override[] = [];
  for (const family of plan.families) {
    for (const month of plan.periods) {
      const made = constrained.supply[family.id]?.[month] ?? 0;
      if (made === (plan.supply[family.id]?.[month] ?? 0)) continue;
      overrides.push({
        measure: 'supply',
        targets: [family.id],
        from: month,
        to: month,
        op: 'set',
        value: made,
      });
    }
  }
  for (const resource of plan.resources) {
    for (const month of plan.periods) {
      const hours = constrained.overtime[resource.id]?.[month] ?? 0;
      if (hours <= 0) continue;
      const added = hours;
      overrides.push({
        measure: 'capacity',
        targets: [resource.id],
        from: month,
        to: month,
        op: 'add',
        value: added,
      });
    }
  }
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    name: 'Constrained plan',
    assumption:
      'Supply re-planned at least cost within capacity and the allowed overtime (holding, backlog, overtime, safety stock and plan change costs as the plan settings state).',
    overrides,
  };
}

/**
 * What the model's objective says a supply plan costs (the same lines as the optimiser
 * minimises), for comparing any plan with the constrained one: inventory and backlog
 * from the balance, overtime as the hours above capacity; `feasible` is false when the
 * plan needs more overtime than `overtimeShare` allows or breaks a family's bounds.
 */
export function supplyPlanCost(plan: Plan, supply: Grid): CostLines & { feasible: boolean } {
  const settings = planSettings(plan);
  const lines = {
    holding: 0,
    backlog: 0,
    unshipped: 0,
    overtime: 0,
    safetyShortfall: 0,
    planChange: 0,
    total: 0,
  };
  let feasible = true;
  for (const family of plan.families) {
    let position = family.openingInventory;
    for (const month of plan.periods) {
      const made = supply[family.id]?.[month] ?? 0;
      if (made < (family.minSupply ?? 0) - 1e-6 || made > (family.maxSupply ?? Infinity) + 1e-6) {
        feasible = false;
      }
      const typed = plan.supply[family.id]?.[month] ?? 0;
      position += made - (plan.demand[family.id]?.[month] ?? 0);
      const held = Math.max(0, position);
      lines.holding += family.unitCost * holdingRateOf(family, settings) * held;
      lines.backlog += family.price * settings.backlogPenaltyRate * Math.max(0, -position);
      lines.safetyShortfall +=
        family.unitCost *
        settings.safetyShortfallPenalty *
        Math.max(0, (family.safetyStock ?? 0) - position);
      lines.planChange += family.unitCost * settings.planChangePenalty * Math.abs(made - typed);
    }
    lines.unshipped += family.price * Math.max(0, -position);
  }
  for (const resource of plan.resources) {
    for (const month of plan.periods) {
      let load = 0;
      for (const entry of plan.loads) {
        if (entry.resource === resource.id)
          load += entry.hoursPerUnit * (supply[entry.family]?.[month] ?? 0);
      }
      const capacity = plan.capacity[resource.id]?.[month] ?? 0;
      const extra = Math.max(0, load - capacity);
      if (extra > capacity * settings.overtimeShare + 1e-6) feasible = false;
      lines.overtime += (resource.extraHourCost ?? 0) * extra;
    }
  }
  lines.total =
    lines.holding +
    lines.backlog +
    lines.unshipped +
    lines.overtime +
    lines.safetyShortfall +
    lines.planChange;
  return { ...lines, feasible };
}
