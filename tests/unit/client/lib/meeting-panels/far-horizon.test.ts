import { describe, expect, it } from 'vitest';
import { farHorizon } from '../../../../../client/src/lib/meeting-panels/far-horizon.ts';
import { generateDemoPlan } from '../../../../../shared/demo/demo-plan.ts';
import { reconcile } from '../../../../../shared/engine/index.ts';
import { makePlan, months, row } from '../../../../helpers/plan-builder.ts';

describe('farHorizon: unbudgeted revenue apart', () => {
  it('has no gap to budget past the budgeted year, only unbudgeted revenue', () => {
    const plan = generateDemoPlan();
    const result = reconcile(plan);
    const data = farHorizon(result);
    const farRevenue = result.totals.slice(12).reduce((sum, total) => sum + total.revenue, 0);
    expect(data.far?.gapRatio).toBeNull();
    expect(data.far?.budgetedFamilyMonths).toBe(0);
    expect(data.far?.budget).toBe(0);
    expect(data.far?.unbudgetedRevenue).toBeCloseTo(farRevenue, 6);
    expect(data.near.budgetedFamilyMonths).toBe(12 * plan.families.length);
    expect(data.near.gap).toBeCloseTo(result.horizon.budgetGap, 6);
  });

  it('counts and values the far gaps per kind, an episode reaching in included', () => {
    const periods = months('2026-12', 14);
    const demand = periods.map((_, t) => (t >= 11 ? 30 : 0));
    const plan = makePlan({
      periods,
      families: [{ id: 'A', name: 'Kettles', price: 10, unitCost: 6, openingInventory: 0 }],
      demand: { A: row(periods, demand) },
    });
    const result = reconcile(plan);
    const data = farHorizon(result);
    // One shortage from month 12 to 14: it starts before month 13 but reaches it.
    expect(data.gaps.map((gap) => [gap.kind, gap.period, gap.last])).toEqual([
      ['shortage', periods[11], periods[13]],
    ]);
    expect(data.byKind.shortage).toEqual({ count: 1, value: 900 });
    expect(data.byKind.belowBudget).toEqual({ count: 0, value: 0 });
  });
});
