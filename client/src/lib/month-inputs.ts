/**
 * Which months of the horizon nobody has planned yet: the month a roll-over adds arrives
 * with no demand, supply or capacity at all, and reads as a month of zeros. Derived from
 * the plan's inputs each time (nothing is stored): a month leaves the list as soon as one
 * of its cells is filled, with any number, 0 included.
 */

import type { Plan } from '../../../shared/engine/index.ts';

/** The part of a plan the check reads. */
export type MonthInputsPlan = Pick<
  Plan,
  'periods' | 'families' | 'resources' | 'demand' | 'supply' | 'capacity'
>;

/**
 * The months of the horizon in which no family has a demand or supply cell and no
 * resource a capacity cell, in horizon order. Stops reading as soon as every month has
 * one, so a planned horizon costs a row or two.
 */
export function monthsWithoutInputs(plan: MonthInputsPlan): string[] {
  const open = new Set<string>(plan.periods);
  const strike = (grid: Plan['demand'], ids: readonly { id: string }[]): void => {
    for (const { id } of ids) {
      if (open.size === 0) return;
      const row = grid[id];
      if (!row) continue;
      for (const month of open) if (row[month] !== undefined) open.delete(month);
    }
  };
  strike(plan.demand, plan.families);
  strike(plan.supply, plan.families);
  strike(plan.capacity, plan.resources);
  return plan.periods.filter((month) => open.has(month));
}
