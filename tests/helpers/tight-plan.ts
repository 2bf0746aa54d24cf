import type { Plan } from '../../shared/engine/types.ts';
import { makePlan, months, row } from './plan-builder.ts';

/**
 * A plan whose one resource binds: Cordless drills want 100 units a month where Assembly
 * line 1 has 50 hours (one hour a unit, 20% overtime allowed at €10 an hour). `minSupply`
 * sets the drills' minimum supply (above 60 no plan keeps to the limits).
 */
export function tightPlan(minSupply?: number): Plan {
  const periods = months('2027-01', 3);
  return makePlan({
    periods,
    families: [
      {
        id: 'A',
        name: 'Cordless drills',
        price: 100,
        unitCost: 50,
        openingInventory: 0,
        ...(minSupply !== undefined && { minSupply }),
      },
    ],
    resources: [{ id: 'L1', name: 'Assembly line 1', extraHourCost: 10 }],
    loads: [{ family: 'A', resource: 'L1', hoursPerUnit: 1 }],
    demand: { A: row(periods, [100, 100, 100]) },
    supply: { A: row(periods, [50, 50, 50]) },
    capacity: { L1: row(periods, [50, 50, 50]) },
  });
}
