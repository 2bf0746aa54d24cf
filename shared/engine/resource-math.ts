import type { Columns } from './columns.ts';
import { OVERLOAD, type GapBuffer } from './gaps.ts';
import type { PlanModel } from './plan-model.ts';

/**
 * Rough-cut capacity of one resource in one period (domain.md 4.5): writes load,
 * utilization (NaN when capacity is 0), overload, and the money of the supply that
 * loads it (the base of an overload gap's value).
 */
export function computeResourcePeriod(
  model: PlanModel,
  columns: Columns,
  resource: number,
  t: number,
): void {
  const count = model.periods.length;
  const loads = model.resourceLoads[resource];
  let load = 0;
  let supplyValue = 0;
  // Sums in the plan's `loads` order: the full and incremental paths must add alike.
  for (let i = 0; i < loads.length; i++) {
    const { family, hoursPerUnit } = loads[i];
    const units = model.supply[family * count + t];
    load += units * hoursPerUnit;
    if (hoursPerUnit > 0) supplyValue += units * model.families[family].price;
  }
  const at = resource * count + t;
  const capacity = model.capacity[at];
  columns.load[at] = load;
  columns.utilization[at] = capacity === 0 ? NaN : load / capacity;
  columns.overload[at] = load > capacity ? load - capacity : 0;
  columns.supplyValue[at] = supplyValue;
}

/** Adds the overload gap of a resource-period when its load exceeds capacity. */
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
