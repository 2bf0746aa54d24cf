import type { Grid, Plan } from '../engine/types.ts';
import { holdingRateOf, planSettings } from '../engine/settings.ts';
import { familyColumn, overtimeColumn, type SupplyModel } from './supply-model.ts';

/**
 * Reading a solved constrained supply program back as a plan (domain.md 4.13): supply
 * and overtime per month, the inventory and backlog they leave, what each lever costs,
 * and what one more hour of each binding resource-month is worth.
 */

/** What a solver reports, independent of which one: values by column, duals by row. */
export interface SolverResult {
  status: 'optimal' | 'infeasible' | 'unbounded' | 'failed';
  /** The solver's own words when it did not find an optimum. */
  detail?: string;
  objective: number;
  values: ReadonlyMap<string, number>;
  /** Row duals by row name (minimisation: ≤ 0 on a binding ≤ row). */
  duals: ReadonlyMap<string, number>;
}

/** A resource-month whose hours bind the plan, and what one more hour is worth. */
export interface BindingConstraint {
  resource: string;
  month: string;
  /** Money one more hour of capacity (or overtime) would save, per hour. */
  valuePerHour: number;
  /** Overtime the plan uses there, hours. */
  overtime: number;
}

/** The cost of the constrained plan by lever, in the plan's currency. */
export interface CostLines {
  holding: number;
  backlog: number;
  /** Revenue still owed at the horizon's end (price × backlog of its last month). */
  unshipped: number;
  overtime: number;
  safetyShortfall: number;
  planChange: number;
  total: number;
}

/** Why a family still owes units in the constrained plan. */
export interface BacklogCause {
  family: string;
  /** Its largest backlog, units (a stock: the peak month, never a sum). */
  peakBacklog: number;
  peakMonth: string;
  /**
   * The binding resource-months it loads, up to its peak month: the constraints holding
   * its backlog. Empty when none binds: then its own maximum supply limits it, or owing is
   * cheaper than any lever (overtime dearer than the units are worth).
   */
  binding: { resource: string; month: string }[];
  /** True when the family's maximum supply binds in some month up to its peak. */
  atMaximum: boolean;
}

/** The constrained plan read from a solution. */
export interface ConstrainedPlan {
  supply: Grid;
  /** Overtime hours per resource and month (only where some is worked). */
  overtime: Grid;
  inventory: Grid;
  backlog: Grid;
  costs: CostLines;
  /** Binding resource-months, most valuable first. */
  binding: BindingConstraint[];
  /** Per family that still owes units, what holds its backlog (plan order). */
  causes: BacklogCause[];
}

const EPSILON = 1e-7;

/** Reads the constrained plan from an optimal solution of `buildSupplyModel(plan)`. */
export function readConstrainedPlan(
  plan: Plan,
  model: SupplyModel,
  result: SolverResult,
): ConstrainedPlan {
  const settings = planSettings(plan);
  const value = (name: string) => result.values.get(name) ?? 0;
  const supply: Grid = {};
  const inventory: Grid = {};
  const backlog: Grid = {};
  const overtime: Grid = {};
  const costs: CostLines = {
    holding: 0,
    backlog: 0,
    unshipped: 0,
    overtime: 0,
    safetyShortfall: 0,
    planChange: 0,
    total: 0,
  };
  plan.families.forEach((family, f) => {
    const rowsOf = (grid: Grid): Record<string, number> => (grid[family.id] = {});
    const made = rowsOf(supply);
    const held = rowsOf(inventory);
    const owed = rowsOf(backlog);
    plan.periods.forEach((month, t) => {
      const typed = plan.supply[family.id]?.[month] ?? 0;
      const up = value(familyColumn('up', f, t));
      const down = value(familyColumn('down', f, t));
      made[month] = clean(typed + up - down);
      held[month] = clean(value(familyColumn('I', f, t)));
      owed[month] = clean(value(familyColumn('B', f, t)));
      costs.holding += family.unitCost * holdingRateOf(family, settings) * held[month];
      costs.backlog += family.price * settings.backlogPenaltyRate * owed[month];
      if (t === plan.periods.length - 1) costs.unshipped += family.price * owed[month];
      costs.safetyShortfall +=
        family.unitCost * settings.safetyShortfallPenalty * value(familyColumn('S', f, t));
      costs.planChange += family.unitCost * settings.planChangePenalty * (up + down);
    });
  });
  const binding: BindingConstraint[] = [];
  plan.resources.forEach((resource, r) => {
    plan.periods.forEach((month, t) => {
      const hours = clean(value(overtimeColumn(r, t)));
      if (hours > 0) (overtime[resource.id] ??= {})[month] = hours;
      costs.overtime += (resource.extraHourCost ?? 0) * hours;
      const dual = result.duals.get(`cap_${r}_${t}`) ?? 0;
      if (-dual > EPSILON) {
        binding.push({ resource: resource.id, month, valuePerHour: -dual, overtime: hours });
      }
    });
  });
  costs.total =
    costs.holding +
    costs.backlog +
    costs.unshipped +
    costs.overtime +
    costs.safetyShortfall +
    costs.planChange;
  binding.sort(
    (a, b) =>
      b.valuePerHour - a.valuePerHour ||
      (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0) ||
      (a.month < b.month ? -1 : 1),
  );
  void model;
  return {
    supply,
    overtime,
    inventory,
    backlog,
    costs,
    binding,
    causes: backlogCauses(plan, backlog, binding, result),
  };
}

/** A solver's tiny negative or near-whole noise, cleaned to the value meant. */
function clean(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6;
  return Math.abs(rounded) < 1e-9 ? 0 : rounded;
}

/** What holds each owing family's backlog: binding resources it loads, or its maximum. */
function backlogCauses(
  plan: Plan,
  backlog: Grid,
  binding: readonly BindingConstraint[],
  result: SolverResult,
): BacklogCause[] {
  const causes: BacklogCause[] = [];
  plan.families.forEach((family, f) => {
    let peakBacklog = 0;
    let peakMonth = '';
    for (const month of plan.periods) {
      const owed = backlog[family.id]?.[month] ?? 0;
      if (owed > peakBacklog + EPSILON) {
        peakBacklog = owed;
        peakMonth = month;
      }
    }
    if (peakBacklog <= EPSILON) return;
    const loaded = new Set(
      plan.loads
        .filter((load) => load.family === family.id && load.hoursPerUnit > 0)
        .map((load) => load.resource),
    );
    const held = binding
      .filter((entry) => loaded.has(entry.resource) && entry.month <= peakMonth)
      .map(({ resource, month }) => ({ resource, month }))
      .sort((a, b) =>
        a.month < b.month ? -1 : a.month > b.month ? 1 : a.resource < b.resource ? -1 : 1,
      );
    const atMaximum = plan.periods.some(
      (month, t) => month <= peakMonth && -(result.duals.get(`max_${f}_${t}`) ?? 0) > EPSILON,
    );
    causes.push({ family: family.id, peakBacklog, peakMonth, binding: held, atMaximum });
  });
  return causes;
}
