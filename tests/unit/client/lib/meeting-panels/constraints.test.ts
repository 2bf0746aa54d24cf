import { describe, expect, it } from 'vitest';
import { constraints } from '../../../../../client/src/lib/meeting-panels/constraints.ts';
import { reconcile, type Plan } from '../../../../../shared/engine/index.ts';
import { makePlan, months, row } from '../../../../helpers/plan-builder.ts';

describe('constraints: backlog is a stock, read at its peak and at the end', () => {
  it('gives the one shortage episode of the specification vector its peak, never a sum', () => {
    const periods = months('2026-12', 7);
    const plan = makePlan({
      periods,
      families: [{ id: 'A', name: 'Kettles', price: 10, unitCost: 6, openingInventory: 100 }],
      demand: { A: row(periods, [40, 50, 80, 50, 70, 30, 10]) },
      supply: { A: row(periods, [0, 50, 50, 50, 0, 20, 60]) },
    });
    const data = constraints(plan, reconcile(plan));
    expect(data.shortages).toBe(1);
    expect(data.families).toEqual([
      {
        id: 'A',
        name: 'Kettles',
        peak: 50,
        peakPeriod: periods[5],
        peakValue: 500,
        end: 0,
        endValue: 0,
        episodes: 1,
      },
    ]);
    // Backlog 40 then 50: the peak month's value, not 90 units' worth.
    expect(data.peakBacklogValue).toBe(500);
    expect(data.peakBacklogPeriod).toBe(periods[5]);
    expect(data.unshippedDemand).toBe(0);
  });

  it('values the total at the largest month, not the sum of the families peaks', () => {
    const periods = months('2026-12', 3);
    const plan: Plan = makePlan({
      periods,
      families: [
        { id: 'A', name: 'Kettles', price: 10, unitCost: 6, openingInventory: 0 },
        { id: 'B', name: 'Toasters', price: 5, unitCost: 3, openingInventory: 0 },
      ],
      // A owes 10 in month 1 only; B owes 20 in month 2 and still 20 at the end.
      demand: { A: row(periods, [10, 0, 0]), B: row(periods, [0, 20, 0]) },
      supply: { A: row(periods, [0, 10, 0]), B: row(periods, [0, 0, 0]) },
      loads: [{ family: 'A', resource: 'L1', hoursPerUnit: 1 }],
      capacity: { L1: row(periods, [100, 4, 100]) },
    });
    const result = reconcile(plan);
    const data = constraints(plan, result);
    // Equal peaks: the family still owing at the end comes first.
    expect(data.families.map((f) => [f.id, f.peak, f.end, f.peakValue, f.endValue])).toEqual([
      ['B', 20, 20, 100, 100],
      ['A', 10, 0, 100, 0],
    ]);
    expect(data.peakBacklogValue).toBe(100);
    expect(data.unshippedDemand).toBe(100);
    // Overloads counted and valued on their own.
    expect(data.overloads).toBe(1);
    expect(data.overloadHours).toBe(6);
    expect(data.overloadValue).toBe(result.gapSummary.overload.value);
    expect(data.gaps.map((gap) => gap.kind).sort()).toEqual(['overload', 'shortage', 'shortage']);
  });

  it('lists no family when none runs short', () => {
    const plan = makePlan();
    const data = constraints(plan, reconcile(plan));
    expect(data.families).toEqual([]);
    expect(data.peakBacklogPeriod).toBeNull();
    expect(data.peakBacklogValue).toBe(0);
  });
});
