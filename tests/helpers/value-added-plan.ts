import type { Plan, SnapshotCell } from '../../shared/engine/index.ts';
import { makePlan, months } from './plan-builder.ts';

/*
 * A small plan whose forecast value added by step is worked out by hand in
 * tests/unit/client/lib/value-added-view.test.ts, and read off the page by
 * tests/e2e/value-added.test.ts.
 */

const cell = (
  baseline: number,
  sales: number,
  marketing: number,
  consensus: number,
): SnapshotCell => ({ baseline, adjustments: { sales, marketing }, consensus });

/**
 * Three families in the cycle of March 2027, with the forecasts frozen at the closes of
 * December 2026 and January 2027. A is judged at lag 1 (no setting), B at lag 2, C at
 * lag 3 (no snapshot is that old for a month with an actual).
 */
export function valueAddedPlan(lagOfB = 2): Plan {
  const periods = months('2027-03', 3);
  return makePlan({
    periods,
    families: [
      { id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 0 },
      {
        id: 'B',
        name: 'Garden hoses',
        price: 2,
        unitCost: 1,
        openingInventory: 0,
        forecastLag: lagOfB,
      },
      {
        id: 'C',
        name: 'Hedge trimmers',
        price: 5,
        unitCost: 3,
        openingInventory: 0,
        forecastLag: 3,
      },
    ],
    history: {
      A: { '2026-01': { actual: 80 }, '2026-02': { actual: 110 }, '2027-01': { actual: 100 } },
      B: { '2026-01': { actual: 45 }, '2026-02': { actual: 60 } },
      C: {
        '2026-01': { actual: 9 },
        '2026-02': { actual: 9 },
        '2027-02': { actual: 10, forecast: 12 },
      },
    },
    // Units ordered win over the history's actual.
    actuals: {
      A: { '2027-02': { ordered: 120 } },
      B: { '2027-01': { ordered: 40 }, '2027-02': { ordered: 50 } },
    },
    forecastSnapshots: [
      {
        cycle: '2026-12',
        families: {
          A: { '2027-01': cell(90, 20, -5, 105) },
          B: { '2027-02': cell(40, 5, 15, 60) },
          C: { '2027-02': cell(10, 0, 0, 10) },
        },
      },
      {
        cycle: '2027-01',
        families: {
          A: { '2027-02': cell(100, 15, 10, 125) },
          B: { '2027-01': cell(30, 0, 0, 30), '2027-02': cell(50, 0, 0, 50) },
        },
      },
    ],
    // The live streams: A adjusted in March (the 100 + 20 − 5 = 115 of the demand
    // review) and set by hand in May; B and C unadjusted.
    demand: {
      A: { '2027-03': 115, '2027-04': 100, '2027-05': 70 },
      B: { '2027-03': 50, '2027-04': 50, '2027-05': 50 },
      C: { '2027-03': 10, '2027-04': 10, '2027-05': 10 },
    },
    demandStreams: {
      streams: ['sales', 'marketing'],
      baseline: { A: { '2027-03': 100, '2027-05': 80 } },
      adjustments: {
        A: {
          '2027-03': {
            sales: { amount: 20, author: 'Sam Sales', reason: 'customer order' },
            marketing: { amount: -5, author: 'Mia Marketing', reason: 'promotion' },
          },
          '2027-05': { sales: { amount: 10, author: 'Sam Sales', reason: 'new listing' } },
        },
      },
      overrides: { A: { '2027-05': { value: 70, author: 'Ana Ruiz', reason: 'other' } } },
    },
  });
}
