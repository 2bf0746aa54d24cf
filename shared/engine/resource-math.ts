import type { Columns } from './columns.ts';
import { OVERLOAD, type GapBuffer } from './gaps.ts';
import type { PlanModel } from './plan-model.ts';

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
  const capacity = model.capacity[at];
  const overload = load > capacity ? load - capacity : 0;
  columns.load[at] = load;
  columns.utilization[at] = capacity === 0 ? NaN : load / capacity;
  columns.overload[at] = overload;
  columns.supplyValue[at] = supplyValue;
  if (load > capacity) {
    gaps.add(OVERLOAD, resource, t, overload, (supplyValue * overload) / load);
  }
}

/** Adds the overload gap of a resource-period from its stored columns, if it is overloaded. */
export function addOverloadGap(
  model: PlanModel,
  columns: Columns,
  resource: number,
  t: number,
  gaps: GapBuffer,
): void {
  const at = resource * model.periods.length + t;
  const load = columns.load[at];
  if (!(load > model.capacity[at])) return;
  const overload = columns.overload[at];
  gaps.add(OVERLOAD, resource, t, overload, (columns.supplyValue[at] * overload) / load);
}
