import { overloadOf, type Columns } from './columns.ts';
import { OVERLOAD, type GapBuffer } from './gaps.ts';
import type { PlanModel } from './plan-model.ts';

/**
 * Rough-cut capacity of one resource over the horizon, into freshly zeroed columns.
 * It walks each family's supply row once (cache-friendly) but adds, for every month,
 * in the plan's `loads` order from 0, exactly as `computeResourcePeriod` does.
 */
export function computeResource(
  model: PlanModel,
  columns: Columns,
  resource: number,
  gaps: GapBuffer,
): void {
  const count = model.periods.length;
  const { supply, price, loadFamily, loadHours } = model;
  const base = resource * count;
  const { load, supplyValue } = columns;
  for (let i = model.loadStart[resource]; i < model.loadStart[resource + 1]; i++) {
    const family = loadFamily[i];
    const hoursPerUnit = loadHours[i];
    const familyPrice = price[family];
    const row = family * count;
    for (let t = 0; t < count; t++) {
      const units = supply[row + t];
      load[base + t] += units * hoursPerUnit;
      if (hoursPerUnit > 0) supplyValue[base + t] += units * familyPrice;
    }
  }
  for (let t = 0; t < count; t++) finishResourcePeriod(model, columns, resource, t, gaps);
}

/**
 * Rough-cut capacity of one resource in one period (domain.md 4.5): writes load,
 * utilization (NaN when capacity is 0), overload, and the money of the supply that
 * loads it (the base of an overload gap's value), and adds the overload gap if any.
 */
export function computeResourcePeriod(
  model: PlanModel,
  columns: Columns,
  resource: number,
  t: number,
  gaps: GapBuffer,
): void {
  const count = model.periods.length;
  const { supply, price, loadFamily, loadHours } = model;
  let load = 0;
  let supplyValue = 0;
  // Sums in the plan's `loads` order: the full and incremental paths must add alike.
  for (let i = model.loadStart[resource]; i < model.loadStart[resource + 1]; i++) {
    const family = loadFamily[i];
    const hoursPerUnit = loadHours[i];
    const units = supply[family * count + t];
    load += units * hoursPerUnit;
    if (hoursPerUnit > 0) supplyValue += units * price[family];
  }
  const at = resource * count + t;
  columns.load[at] = load;
  columns.supplyValue[at] = supplyValue;
  finishResourcePeriod(model, columns, resource, t, gaps);
}

/**
 * The overload gap of a period, from its stored load and supply value (utilization and
 * overload are read off load and capacity where shown). Idempotent: the incremental path calls it again for months
 * whose load did not change, to list their gaps.
 */
export function finishResourcePeriod(
  model: PlanModel,
  columns: Columns,
  resource: number,
  t: number,
  gaps: GapBuffer,
): void {
  const at = resource * model.periods.length + t;
  const load = columns.load[at];
  const capacity = model.capacity[at];
  if (load > capacity) {
    const overload = overloadOf(load, capacity);
    gaps.add(OVERLOAD, resource, t, t, t, overload, (columns.supplyValue[at] * overload) / load);
  }
}
