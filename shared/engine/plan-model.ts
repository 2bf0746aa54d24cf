import type { Family, Grid, HistoryPoint, Month, Plan, Resource } from './types.ts';

/** One family's load on a resource, by family index. */
export interface ResourceLoad {
  family: number;
  hoursPerUnit: number;
}

/**
 * A validated plan laid out for computation: dense arrays indexed `item * T + period`,
 * so the hot loops read typed arrays instead of nested objects keyed by strings.
 */
export interface PlanModel {
  cycle: Month;
  currency: string;
  periods: Month[];
  families: Family[];
  resources: Resource[];
  familyIndex: Map<string, number>;
  resourceIndex: Map<string, number>;
  periodIndex: Map<Month, number>;
  demand: Float64Array;
  supply: Float64Array;
  budget: Float64Array;
  capacity: Float64Array;
  /** Per resource, the families it serves in the plan's `loads` order (sums follow this order). */
  resourceLoads: ResourceLoad[][];
  /** Per family, the indexes of the resources it loads, ascending. */
  familyResources: number[][];
  /** The plan's history, shared with the plan (never modified). */
  history: Record<string, Record<Month, HistoryPoint>>;
}

/**
 * Lays out a validated plan for computation. The plan is not modified; families are
 * copied so that later edits to the model never reach the caller's plan.
 */
export function buildModel(plan: Plan): PlanModel {
  const periods = plan.periods;
  const familyIndex = indexById(plan.families);
  const resourceIndex = indexById(plan.resources);
  const periodIndex = new Map(periods.map((period, index) => [period, index]));
  const resourceLoads: ResourceLoad[][] = plan.resources.map(() => []);
  const familyResources: number[][] = plan.families.map(() => []);
  for (const load of plan.loads) {
    const family = familyIndex.get(load.family)!;
    const resource = resourceIndex.get(load.resource)!;
    resourceLoads[resource].push({ family, hoursPerUnit: load.hoursPerUnit });
    if (!familyResources[family].includes(resource)) familyResources[family].push(resource);
  }
  for (const list of familyResources) list.sort((a, b) => a - b);
  return {
    cycle: plan.cycle,
    currency: plan.currency,
    periods: [...periods],
    families: plan.families.map((family) => ({ ...family })),
    resources: plan.resources.map((resource) => ({ ...resource })),
    familyIndex,
    resourceIndex,
    periodIndex,
    demand: dense(plan.demand, plan.families, periods, periodIndex),
    supply: dense(plan.supply, plan.families, periods, periodIndex),
    budget: dense(plan.budget, plan.families, periods, periodIndex),
    capacity: dense(plan.capacity, plan.resources, periods, periodIndex),
    resourceLoads,
    familyResources,
    history: plan.history,
  };
}

function indexById(items: { id: string }[]): Map<string, number> {
  return new Map(items.map((item, index) => [item.id, index]));
}

function dense(
  grid: Grid,
  items: { id: string }[],
  periods: Month[],
  periodIndex: Map<Month, number>,
): Float64Array {
  const count = periods.length;
  const values = new Float64Array(items.length * count);
  for (let item = 0; item < items.length; item++) {
    const cells = grid[items[item].id];
    if (cells === undefined) continue;
    const base = item * count;
    // Cells are usually written in period order: guess the next period before looking it up.
    let t = 0;
    for (const month in cells) {
      if (periods[t] !== month) t = periodIndex.get(month)!;
      values[base + t] = cells[month];
      t++;
    }
  }
  return values;
}
