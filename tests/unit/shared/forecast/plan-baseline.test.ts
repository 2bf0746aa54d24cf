import { describe, expect, it } from 'vitest';
import { demandHistory, planBaselines } from '../../../../shared/forecast/plan-baseline.ts';
import { makePlan, months } from '../../../helpers/plan-builder.ts';

const past = months('2023-12', 36);
const seasonalDemand = past.map((_, t) => 200 + 80 * Math.sin((2 * Math.PI * t) / 12) + (t % 5));

const plan = makePlan({
  periods: months('2026-12', 6),
  families: [
    { id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 0 },
    { id: 'B', name: 'Garden hoses', price: 4, unitCost: 2, openingInventory: 0 },
  ],
  history: {
    A: Object.fromEntries(past.map((month, t) => [month, { actual: seasonalDemand[t] }])),
  },
  // The ended month's ordered units are its demand actual, and win over the history's.
  actuals: { A: { '2026-11': { ordered: 999 } } },
});

describe('the baseline of a plan', () => {
  it('reads the latest unbroken run of demand actuals before the first period', () => {
    const history = demandHistory(plan, 'A');
    expect(history.months[0]).toBe('2023-12');
    expect(history.months.at(-1)).toBe('2026-11');
    expect(history.values.at(-1)).toBe(999);

    const broken = makePlan({
      history: {
        A: { '2026-01': { actual: 5 }, '2026-03': { actual: 7 }, '2026-04': { actual: 8 } },
      },
    });
    expect(demandHistory(broken, 'A')).toEqual({ months: ['2026-03', '2026-04'], values: [7, 8] });
  });

  it('forecasts every family from the month after its history, seasonal where it is', () => {
    const [a, b] = planBaselines(plan);
    expect(a.historyMonths).toBe(36);
    expect(a.forecast.map((f) => f.month)).toEqual(months('2026-12', 6));
    // The spike of 999 in the last month stays: it is among the last points, not an outlier yet.
    expect(a.outliers).toEqual([]);
    expect(a.method).toMatch(/^median of ETS\(/);
    expect(b).toMatchObject({ historyMonths: 0, method: 'no history: zero', etsForm: null });
    expect(b.forecast.every((f) => f.value === 0)).toBe(true);
    expect(planBaselines(plan, 3)[0].forecast).toHaveLength(3);
  });
});
