import { monthRange } from '../../shared/dates.ts';
import type { Plan } from '../../shared/engine/types.ts';

/** Consecutive months from `start`. */
export const months = monthRange;

/** A valid plan with one family and one resource, overridden by `parts`. */
export function makePlan(parts: Partial<Plan> = {}): Plan {
  const periods = parts.periods ?? months('2026-12', 3);
  return {
    format: 'fulcrum.plan',
    version: 2,
    cycle: periods[0],
    currency: 'EUR',
    periods,
    families: [{ id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 0 }],
    resources: [{ id: 'L1', name: 'Assembly line 1' }],
    loads: [],
    demand: {},
    supply: {},
    capacity: {},
    budget: {},
    history: {},
    ...parts,
  };
}

/** Values of one row keyed by the plan's periods. */
export function row(periods: string[], values: number[]): Record<string, number> {
  return Object.fromEntries(values.map((value, i) => [periods[i], value]));
}
