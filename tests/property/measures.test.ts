import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../shared/dates.ts';
import { fiscalYearMonths, fiscalYearOutlook } from '../../shared/engine/fiscal-year.ts';
import { marginBridge, type BridgeLine } from '../../shared/engine/margin-bridge.ts';
import { performance } from '../../shared/engine/performance.ts';
import { reconcile } from '../../shared/engine/reconcile.ts';
import { stockMeasures, type StockSource } from '../../shared/engine/stock-measures.ts';
import type { ActualMonth, Plan } from '../../shared/engine/types.ts';
import { planArbitrary } from '../helpers/plan-arbitrary.ts';

const runs = { numRuns: 300 };
/** Months before the horizon an actuals record may fall in: more than a fiscal year. */
const ENDED_MONTHS = 14;

const count = fc.integer({ min: 0, max: 500 });
const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });

/** One ended month of a family: any field may be absent, shipped on time may exceed orders. */
const actualMonthArbitrary: fc.Arbitrary<ActualMonth> = fc
  .record({
    ordered: maybe(count),
    shipped: maybe(count),
    shippedOnTime: maybe(count),
    orders: maybe(fc.integer({ min: 0, max: 40 })),
    ordersOnTimeInFull: maybe(fc.integer({ min: 0, max: 40 })),
    produced: maybe(count),
    onHand: maybe(count),
    revenueBudget: maybe(fc.integer({ min: 0, max: 20000 })),
    marginBudget: maybe(fc.integer({ min: 0, max: 8000 })),
  })
  .map((month) => {
    // Orders delivered on time and in full are some of the orders.
    const orders = month.orders;
    const good = month.ordersOnTimeInFull;
    return orders !== undefined && good !== undefined && good > orders
      ? { ...month, ordersOnTimeInFull: orders }
      : month;
  })
  .map((month) => Object.fromEntries(Object.entries(month).filter(([, v]) => v !== undefined)));

/** A generated plan with random actuals and planned supply in its ended months. */
const planWithActualsArbitrary: fc.Arbitrary<Plan> = planArbitrary.chain((plan) => {
  const ended = Array.from({ length: ENDED_MONTHS }, (_, i) =>
    addMonths(plan.periods[0], i - ENDED_MONTHS),
  );
  const familyMonths = (value: fc.Arbitrary<unknown>) =>
    fc.tuple(
      ...plan.families.map((family) =>
        fc
          .array(maybe(value), { minLength: ENDED_MONTHS, maxLength: ENDED_MONTHS })
          .map((values) => [
            family.id,
            Object.fromEntries(values.flatMap((v, i) => (v === undefined ? [] : [[ended[i], v]]))),
          ]),
      ),
    );
  return fc
    .record({
      actuals: familyMonths(actualMonthArbitrary),
      history: familyMonths(fc.record({ plannedSupply: count, plannedShipments: count })),
      fiscalYearStart: fc.integer({ min: 1, max: 12 }),
    })
    .map(({ actuals, history, fiscalYearStart }) => ({
      ...plan,
      actuals: Object.fromEntries(actuals),
      history: Object.fromEntries(history),
      settings: { fiscalYearStart },
    }));
});

const relativeClose = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe('performance properties', () => {
  it('fill rates lie between 0 and 100%, null exactly when nothing was ordered', () => {
    fc.assert(
      fc.property(planWithActualsArbitrary, (plan) => {
        const ended = Array.from({ length: ENDED_MONTHS }, (_, i) =>
          addMonths(plan.periods[0], i - ENDED_MONTHS),
        );
        const result = performance(plan, ended);
        for (const [f, family] of result.families.entries()) {
          let ordered = 0;
          for (const month of Object.values(plan.actuals?.[plan.families[f].id] ?? {})) {
            if (month.shippedOnTime !== undefined) ordered += month.ordered ?? 0;
          }
          expect(family.unitFillRate === null).toBe(ordered === 0);
          for (const rate of [family.unitFillRate, family.valueFillRate, family.otif]) {
            if (rate !== null) {
              expect(rate).toBeGreaterThanOrEqual(0);
              expect(rate).toBeLessThanOrEqual(1);
            }
          }
          for (const attainment of [family.planAttainment, ...family.attainmentByMonth]) {
            if (attainment !== null) expect(attainment).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
        for (const rate of [
          result.total.unitFillRate,
          result.total.valueFillRate,
          result.total.otif,
          result.total.planAttainment,
        ]) {
          if (rate !== null) {
            expect(rate).toBeGreaterThanOrEqual(0);
            expect(rate).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
      }),
      runs,
    );
  });
});

const sideArbitrary = fc.record({
  units: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
  price: fc.double({ min: 0, max: 1e4, noNaN: true }),
  unitCost: fc.double({ min: 0, max: 1e4, noNaN: true }),
});

describe('margin bridge properties', () => {
  it('volume + mix + price + cost = M1 − M0, to 1e-6 relative', () => {
    const lines = fc
      .array(fc.record({ previous: maybe(sideArbitrary), current: maybe(sideArbitrary) }), {
        maxLength: 12,
      })
      .map((sides) => sides.map((line, i): BridgeLine => ({ id: `F${i}`, ...line })));
    fc.assert(
      fc.property(lines, (input) => {
        const bridge = marginBridge(input);
        const parts = bridge.volume + bridge.mix + bridge.price + bridge.cost;
        // The size of the terms summed: every family's units on both sides at every price
        // and cost either side has (the price and cost effects mix the sides), and all
        // units on both sides at the previous average unit margin (volume and mix each
        // carry T1 × M0 / T0, which cancel: a family new at price 0 adds nothing above
        // but its units still meet the old average).
        let units0 = 0;
        const scale = input.reduce((sum, { previous, current }) => {
          units0 += previous?.units ?? 0;
          const units = (previous?.units ?? 0) + (current?.units ?? 0);
          const money =
            (previous?.price ?? 0) +
            (previous?.unitCost ?? 0) +
            (current?.price ?? 0) +
            (current?.unitCost ?? 0);
          return sum + units * money;
        }, 0);
        const units1 = input.reduce((sum, { current }) => sum + (current?.units ?? 0), 0);
        const average = units0 === 0 ? 0 : Math.abs(bridge.previous / units0);
        const cancelled = (units0 + units1) * average;
        expect(Math.abs(parts - bridge.total)).toBeLessThanOrEqual(
          1e-6 * Math.max(1, scale + cancelled),
        );
        expect(relativeClose(bridge.total, bridge.current - bridge.previous)).toBe(true);
      }),
      {
        ...runs,
        // Found by a CI run: new families at price 0 beside an old one of almost no units.
        examples: [
          [
            [
              { id: 'F0', current: { units: 717986.9184000025, price: 0, unitCost: 0 } },
              { id: 'F1', current: { units: 999999.9999999995, price: 0, unitCost: 0 } },
              {
                id: 'F2',
                previous: { units: 2.17292368995e-312, price: 9999.999999999985, unitCost: 0 },
                current: { units: 1.1641532182693484e-10, price: 0, unitCost: 0 },
              },
            ],
          ],
        ],
      },
    );
  });
});

describe('fiscal-year properties', () => {
  it('budget totals read the budgeted family-months of the year only', () => {
    fc.assert(
      fc.property(planWithActualsArbitrary, (plan) => {
        const result = reconcile(plan);
        const outlook = fiscalYearOutlook(plan, result);
        const year = new Set(
          fiscalYearMonths(plan.periods[0], plan.settings?.fiscalYearStart ?? 1),
        );
        let revenue = 0;
        let budgeted = 0;
        let budget = 0;
        let budgetedMonths = 0;
        plan.families.forEach((family, f) => {
          for (const [month, actual] of Object.entries(plan.actuals?.[family.id] ?? {})) {
            if (!year.has(month) || actual.shipped === undefined) continue;
            const value = actual.shipped * family.price;
            revenue += value;
            if (actual.revenueBudget !== undefined) {
              budgeted += value;
              budget += actual.revenueBudget;
              budgetedMonths++;
            }
          }
          plan.periods.forEach((month, t) => {
            if (!year.has(month)) return;
            const value = result.families[f].rows[t].revenue;
            revenue += value;
            const cell = plan.budget[family.id]?.[month];
            if (cell !== undefined) {
              budgeted += value;
              budget += cell;
              budgetedMonths++;
            }
          });
        });
        const total = outlook.total.outlook;
        expect(total.revenue).toBeCloseTo(revenue, 6);
        expect(total.revenueVsBudget.budgetedMonths).toBe(budgetedMonths);
        expect(total.revenueVsBudget.budget).toBeCloseTo(budget, 6);
        expect(total.revenueVsBudget.budgeted).toBeCloseTo(budgeted, 6);
        expect(total.revenueVsBudget.unbudgeted).toBeCloseTo(revenue - budgeted, 6);
        expect(total.revenueVsBudget.gap).toBeCloseTo(budgeted - budget, 6);
        // The parts add up to the outlook, and the families to the total.
        expect(total.revenue).toBeCloseTo(
          outlook.total.yearToDate.revenue + outlook.total.restOfYear.revenue,
          6,
        );
        const families = outlook.families.reduce((sum, family) => sum + family.outlook.revenue, 0);
        expect(total.revenue).toBeCloseTo(families, 6);
      }),
      runs,
    );
  });
});

/** Rows of one family over 1 to 24 months; stock may be negative (a backlog). */
const stockSourceArbitrary = fc.integer({ min: 1, max: 24 }).chain((length) =>
  fc.record({
    periods: fc.constant(Array.from({ length }, (_, t) => addMonths('2026-12', t))),
    families: fc.array(
      fc.record({
        rows: fc.array(
          fc.record({
            projectedInventory: fc.integer({ min: -500, max: 2000 }),
            shipments: count,
            demand: count,
          }),
          { minLength: length, maxLength: length },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
);

describe('stock measure properties', () => {
  it('days of supply, turns, value and holding cost are never negative', () => {
    const input = stockSourceArbitrary.chain((source) =>
      fc.record({
        source: fc.constant<StockSource>(source),
        costs: fc.array(fc.integer({ min: 0, max: 100 }), {
          minLength: source.families.length,
          maxLength: source.families.length,
        }),
      }),
    );
    fc.assert(
      fc.property(input, ({ source, costs }) => {
        const plan: Plan = {
          format: 'fulcrum.plan',
          version: 2,
          cycle: source.periods[0],
          currency: 'EUR',
          periods: [...source.periods],
          families: costs.map((unitCost, f) => ({
            id: `F${f}`,
            name: `F${f}`,
            price: unitCost * 2,
            unitCost,
            openingInventory: 0,
          })),
          resources: [],
          loads: [],
          demand: {},
          supply: {},
          capacity: {},
          budget: {},
          history: {},
        };
        const measures = stockMeasures(plan, source);
        const all = [...measures.families, measures.total];
        for (const family of all) {
          expect(family.turns === null || family.turns >= 0).toBe(true);
          if (source.periods.length < 12) expect(family.turns).toBeNull();
          for (const days of family.daysOfSupply) expect(days === null || days >= 0).toBe(true);
          for (const value of family.inventoryValue) expect(value).toBeGreaterThanOrEqual(0);
          for (const cost of family.holdingCost) expect(cost).toBeGreaterThanOrEqual(0);
        }
        // The last month has no month after it.
        for (const family of all) expect(family.daysOfSupply.at(-1)).toBeNull();
      }),
      runs,
    );
  });

  it('on reconciled plans, days of supply is never negative', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const measures = stockMeasures(plan, reconcile(plan));
        for (const family of [...measures.families, measures.total]) {
          for (const days of family.daysOfSupply) expect(days === null || days >= 0).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
