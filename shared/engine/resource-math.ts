import { makeGap } from './gaps.ts';
import type { PlanModel } from './plan-model.ts';
import type { Gap, ResourceRow } from './types.ts';

/**
 * Rough-cut capacity of one resource in one period (domain.md 4.5). `supplyValue` is
 * the money of the supply that loads it, the base of an overload gap's value.
 */
export interface ResourcePeriod {
  row: ResourceRow;
  supplyValue: number;
}

/** Computes a resource's load, utilization and overload in one period. */
export function computeResourcePeriod(
  model: PlanModel,
  resource: number,
  t: number,
): ResourcePeriod {
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
  const capacity = model.capacity[resource * count + t];
  return {
    row: {
      period: model.periods[t],
      load,
      capacity,
      utilization: capacity === 0 ? null : load / capacity,
      overload: Math.max(0, load - capacity),
    },
    supplyValue,
  };
}

/** The overload gap of a resource-period, or null when it is within capacity. */
export function overloadGap(resourceId: string, row: ResourceRow, supplyValue: number): Gap | null {
  if (!(row.load > row.capacity)) return null;
  return makeGap(
    'overload',
    resourceId,
    row.period,
    row.overload,
    (supplyValue * row.overload) / row.load,
  );
}
