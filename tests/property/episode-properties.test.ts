import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IncrementalReconciler,
  reconcile,
  type CellChange,
  type FamilyStatus,
  type Plan,
  type Gap,
  type GapKind,
  type Month,
} from '../../shared/engine/index.ts';
import { planMeasures } from '../../shared/engine/measures.ts';
import { changeArbitrary, planArbitrary, planV2Arbitrary } from '../helpers/plan-arbitrary.ts';

const runs = { numRuns: 300 };

/** The family status each episode kind of gap stands for. */
const STATUS_OF: Partial<Record<GapKind, FamilyStatus>> = {
  shortage: 'shortage',
  belowSafetyStock: 'belowSafetyStock',
  excessInventory: 'overstock',
};

function monthsOf(gap: Gap, periods: readonly Month[]): Month[] {
  return periods.filter((period) => period >= gap.period && period <= gap.last);
}

describe('gaps by episode (domain.md 4.6)', () => {
  it('each status is covered by exactly one gap of its kind, month for month', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const result = reconcile(plan);
        for (const family of result.families) {
          for (const [kind, status] of Object.entries(STATUS_OF)) {
            const covered = new Map<Month, number>();
            for (const gap of result.gaps) {
              if (gap.kind !== kind || gap.subject !== family.id) continue;
              for (const month of monthsOf(gap, result.periods)) {
                covered.set(month, (covered.get(month) ?? 0) + 1);
              }
            }
            for (const row of family.rows) {
              expect(covered.get(row.period) ?? 0).toBe(row.status === status ? 1 : 0);
            }
          }
        }
      }),
      runs,
    );
  });

  it('a shortage gap is its episode’s peak backlog, never more than the family’s peak × price', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const result = reconcile(plan);
        for (const gap of result.gaps.filter((g) => g.kind === 'shortage')) {
          const family = result.families.find((f) => f.id === gap.subject)!;
          const price = plan.families.find((f) => f.id === gap.subject)!.price;
          const months = new Set(monthsOf(gap, result.periods));
          const backlogs = family.rows.filter((r) => months.has(r.period)).map((r) => r.backlog);
          expect(gap.amount).toBe(Math.max(...backlogs));
          expect(gap.value).toBe(gap.amount * price);
          expect(gap.value).toBeLessThanOrEqual(family.backlog.peak * price);
          const peakRow = family.rows.find((r) => r.period === gap.peak)!;
          expect(peakRow.backlog).toBe(gap.amount);
        }
      }),
      runs,
    );
  });

  it('budget totals compare only the family-months that have a budget', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const result = reconcile(plan);
        for (const family of result.families) {
          const budgeted = family.rows.filter((r) => r.budget !== null);
          const unbudgeted = family.rows.filter((r) => r.budget === null);
          const add = (values: number[]) => values.reduce((a, b) => a + b, 0);
          expect(family.totals.budget).toBeCloseTo(add(budgeted.map((r) => r.budget!)), 6);
          expect(family.totals.budgetedRevenue).toBeCloseTo(add(budgeted.map((r) => r.revenue)), 6);
          expect(family.totals.unbudgetedRevenue).toBeCloseTo(
            add(unbudgeted.map((r) => r.revenue)),
            6,
          );
          expect(family.totals.budgetGap).toBeCloseTo(
            family.totals.budgetedRevenue - family.totals.budget,
            6,
          );
          for (const row of unbudgeted) expect(row.budgetGap).toBeNull();
        }
      }),
      runs,
    );
  });

  it('a below-budget gap spans budgeted months each below budget by more than the tolerance', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const result = reconcile(plan);
        for (const gap of result.gaps.filter((g) => g.kind === 'belowBudget')) {
          const family = result.families.find((f) => f.id === gap.subject)!;
          const months = new Set(monthsOf(gap, result.periods));
          const rows = family.rows.filter((r) => months.has(r.period));
          for (const row of rows) {
            expect(row.budget).not.toBeNull();
            expect(row.revenue).toBeLessThan(row.budget! * 0.98);
          }
          const shortfall = rows.reduce((a, r) => a + (r.budget! - r.revenue), 0);
          expect(gap.amount).toBeCloseTo(shortfall, 6);
          expect(gap.value).toBe(gap.amount);
        }
      }),
      runs,
    );
  });
});

describe('every measure beside the plan after live edits', () => {
  it('the incremental result gives the same stock and fiscal-year measures as a full reconcile', () => {
    const scenario = planV2Arbitrary.chain((plan) =>
      fc.tuple(fc.constant(plan), fc.array(changeArbitrary(plan), { minLength: 1, maxLength: 6 })),
    );
    fc.assert(
      fc.property(scenario, ([plan, changes]) => {
        const incremental = new IncrementalReconciler(plan);
        const edited: Plan = structuredClone(plan);
        for (const change of changes) {
          incremental.apply(change);
          applyChange(edited, change);
        }
        const full = reconcile(edited);
        expect(JSON.stringify(incremental.result)).toBe(JSON.stringify(full));
        expect(JSON.stringify(planMeasures(edited, incremental.result))).toBe(
          JSON.stringify(planMeasures(edited, full)),
        );
      }),
      { numRuns: 150 },
    );
  });
});

function applyChange(plan: Plan, change: CellChange): void {
  if (change.kind === 'capacity') {
    (plan.capacity[change.resource] ??= {})[change.period] = change.value;
  } else if (change.kind === 'budget') {
    const row = (plan.budget[change.family] ??= {});
    if (change.value === null) delete row[change.period];
    else row[change.period] = change.value;
  } else if ('period' in change) {
    (plan[change.kind][change.family] ??= {})[change.period] = change.value;
  } else {
    plan.families.find((f) => f.id === change.family)![change.kind] = change.value;
  }
}
