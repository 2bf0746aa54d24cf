import { describe, expect, it } from 'vitest';
import {
  DEMO_BUDGET_MONTHS,
  DEMO_HISTORY_MONTHS,
  DEMO_PLAN_DEFAULTS,
  generateDemoPlan,
  type DemoPlanOptions,
} from '../../../../shared/demo/demo-plan.ts';
import { addMonths, parsePlan, reconcile, type Plan } from '../../../../shared/engine/index.ts';
import { planMeasures } from '../../../../shared/engine/measures.ts';

const BENCHMARK = { families: 500, periods: 36, resources: 100 } as const;
const LARGE = { families: 2000, periods: 36, resources: 500 } as const;

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function cells(grid: Plan['demand'], id: string, periods: readonly string[]): number[] {
  return periods.map((period) => grid[id][period]);
}

describe('generateDemoPlan: determinism', () => {
  it('gives byte-identical JSON for the same options', () => {
    const options: DemoPlanOptions = { families: 40, periods: 24, resources: 7, seed: 42 };
    const first = JSON.stringify(generateDemoPlan(options));
    const second = JSON.stringify(generateDemoPlan({ ...options }));
    expect(second).toBe(first);
    expect(generateDemoPlan(options)).toStrictEqual(JSON.parse(first));
  });

  it('uses the defaults for absent or undefined options', () => {
    const defaults = JSON.stringify(generateDemoPlan());
    expect(JSON.stringify(generateDemoPlan({ families: undefined, seed: undefined }))).toBe(
      defaults,
    );
    expect(JSON.stringify(generateDemoPlan({ ...DEMO_PLAN_DEFAULTS }))).toBe(defaults);
  });

  it('gives a different plan for a different seed, with the same families and resources', () => {
    const one = generateDemoPlan({ seed: 1 });
    const two = generateDemoPlan({ seed: 2 });
    expect(JSON.stringify(two)).not.toBe(JSON.stringify(one));
    expect(two.demand.F01).not.toEqual(one.demand.F01);
    expect(two.families.map((family) => family.name)).toEqual(one.families.map((f) => f.name));
    expect(two.resources).toEqual(one.resources);
  });

  it('keeps a family the same when more families are asked for', () => {
    const small = generateDemoPlan({ families: 5 });
    const large = generateDemoPlan({ families: 30 });
    const rename = (id: string) => `F${id.slice(1).padStart(2, '0')}`;
    expect(small.families.map((family) => family.id)).toEqual(['F01', 'F02', 'F03', 'F04', 'F05']);
    for (const family of small.families) {
      const twin = large.families.find((other) => other.id === rename(family.id));
      expect(twin).toEqual(family);
      expect(large.demand[family.id]).toEqual(small.demand[family.id]);
      expect(large.supply[family.id]).toEqual(small.supply[family.id]);
      expect(large.history[family.id]).toEqual(small.history[family.id]);
    }
  });

  it("reads like last month's plan when the cycle moves by a month", () => {
    const previous = generateDemoPlan({ cycle: '2026-11' });
    const current = generateDemoPlan({ cycle: '2026-12' });
    const shared = current.periods.filter((period) => previous.periods.includes(period));
    expect(shared).toHaveLength(17);
    for (const family of current.families) {
      for (const period of shared) {
        const before = previous.demand[family.id][period];
        const after = current.demand[family.id][period];
        // Only the trend moves by one month: demand changes by a few percent at most.
        expect(Math.abs(after - before)).toBeLessThanOrEqual(Math.max(2, 0.03 * before));
      }
    }
  });
});

describe('generateDemoPlan: shape', () => {
  it('has the default sizes, ids, periods and currency', () => {
    const plan = generateDemoPlan();
    expect(plan.format).toBe('fulcrum.plan');
    expect(plan.version).toBe(2);
    expect(plan.cycle).toBe('2026-12');
    expect(plan.currency).toBe('EUR');
    expect(plan.families.map((family) => family.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `F${String(i + 1).padStart(2, '0')}`),
    );
    expect(plan.resources.map((resource) => resource.id)).toEqual(['R01', 'R02', 'R03', 'R04']);
    expect(plan.periods).toHaveLength(18);
    expect(plan.periods[0]).toBe('2026-12');
    expect(plan.periods[17]).toBe('2028-05');
    expect(plan.families[0].name).toBe('Cordless drills');
    expect(plan.resources.map((resource) => resource.name)).toEqual([
      'Assembly line 1',
      'Paint shop 1',
      'Packing cell 1',
      'Moulding press 1',
    ]);
  });

  it.each([
    [{ families: 1, periods: 1, resources: 1 }, ['F01', 'F01'], ['R01', 'R01']],
    [{ ...BENCHMARK, cycle: '2027-03' }, ['F001', 'F500'], ['R001', 'R100']],
    [LARGE, ['F0001', 'F2000'], ['R001', 'R500']],
  ])('has the asked sizes and zero-padded ids for %j', (options, familyIds, resourceIds) => {
    const plan = generateDemoPlan(options);
    expect(plan.families).toHaveLength(options.families);
    expect(plan.resources).toHaveLength(options.resources);
    expect(plan.periods).toHaveLength(options.periods);
    expect([plan.families[0].id, plan.families.at(-1)?.id]).toEqual(familyIds);
    expect([plan.resources[0].id, plan.resources.at(-1)?.id]).toEqual(resourceIds);
    const cycle = 'cycle' in options ? options.cycle : '2026-12';
    expect(plan.periods).toEqual(
      Array.from({ length: options.periods }, (_, t) => addMonths(cycle, t)),
    );
    expect(new Set(plan.families.map((family) => family.name)).size).toBe(options.families);
    expect(new Set(plan.resources.map((resource) => resource.name)).size).toBe(options.resources);
  });

  it('generates the benchmark sizes with a cell for every family, resource and month', () => {
    for (const options of [BENCHMARK, LARGE]) {
      const plan = generateDemoPlan(options);
      expect(Object.keys(plan.demand)).toHaveLength(options.families);
      expect(Object.keys(plan.capacity)).toHaveLength(options.resources);
      expect(Object.keys(plan.supply[plan.families[0].id])).toEqual(plan.periods);
    }
  });

  it('names thousands of families readably, with a series number only past 2,400', () => {
    const plan = generateDemoPlan({ families: 3000, periods: 1, resources: 1 });
    const names = plan.families.map((family) => family.name);
    expect(new Set(names).size).toBe(3000);
    expect(names[60]).toBe('Compact cordless drills');
    expect(names.slice(0, 2400).every((name) => !name.includes('series'))).toBe(true);
    expect(names[2400]).toBe('Cordless drills, series 2');
    expect(names.every((name) => /^[A-Z][A-Za-z -]+(, series \d+)?$/.test(name))).toBe(true);
  });

  it('fills every demand, supply, budget and capacity cell with a non-negative integer', () => {
    const plan = generateDemoPlan(BENCHMARK);
    const check = (grid: Plan['demand'], ids: string[], periods = plan.periods) => {
      expect(Object.keys(grid)).toEqual(ids);
      for (const id of ids) expect(Object.keys(grid[id])).toEqual(periods);
      const bad = ids.flatMap((id) =>
        Object.entries(grid[id]).filter(([, value]) => !Number.isInteger(value) || value < 0),
      );
      expect(bad).toEqual([]);
    };
    const familyIds = plan.families.map((family) => family.id);
    check(plan.demand, familyIds);
    check(plan.supply, familyIds);
    // A budget is set for a year: the months past it have none (not a budget of 0).
    const budgeted = plan.periods.slice(0, DEMO_BUDGET_MONTHS);
    check(plan.budget, familyIds, budgeted);
    check(plan.marginBudget ?? {}, familyIds, budgeted);
    check(
      plan.capacity,
      plan.resources.map((resource) => resource.id),
    );
    // Zero is allowed but rare.
    const demandCells = familyIds.flatMap((id) => cells(plan.demand, id, plan.periods));
    expect(demandCells.filter((units) => units === 0).length).toBeLessThan(
      demandCells.length * 0.01,
    );
  });
});

describe('generateDemoPlan: realism', () => {
  const plan = generateDemoPlan(BENCHMARK);

  it('prices families from 5 to 500 with a unit cost of 45-80% of the price', () => {
    for (const family of plan.families) {
      expect(family.price).toBeGreaterThanOrEqual(5);
      expect(family.price).toBeLessThanOrEqual(500);
      expect(family.unitCost / family.price).toBeGreaterThanOrEqual(0.449);
      expect(family.unitCost / family.price).toBeLessThanOrEqual(0.801);
    }
    const prices = plan.families.map((family) => family.price);
    expect(Math.min(...prices)).toBeLessThan(20);
    expect(Math.max(...prices)).toBeGreaterThan(300);
  });

  it('holds 1-2 months of opening stock, about half a month of safety stock, 3-6 months max cover', () => {
    let withSafetyStock = 0;
    let withMaxCover = 0;
    for (const family of plan.families) {
      const firstMonths = cells(plan.demand, family.id, plan.periods.slice(0, 3));
      const monthly = mean(firstMonths);
      expect(family.openingInventory / monthly).toBeGreaterThan(0.6);
      expect(family.openingInventory / monthly).toBeLessThan(3);
      if (family.safetyStock !== undefined) {
        withSafetyStock++;
        expect(family.safetyStock / monthly).toBeGreaterThan(0.15);
        expect(family.safetyStock / monthly).toBeLessThan(1.2);
      }
      if (family.maxCover !== undefined) {
        withMaxCover++;
        expect(family.maxCover).toBeGreaterThanOrEqual(3);
        expect(family.maxCover).toBeLessThanOrEqual(6);
      }
    }
    expect(withSafetyStock / plan.families.length).toBeGreaterThan(0.75);
    expect(withMaxCover / plan.families.length).toBeGreaterThan(0.7);
    expect(withMaxCover).toBeLessThan(plan.families.length);
  });

  it('has seasonal demand: a family peaks in different months than others', () => {
    const peakMonth = (id: string) => {
      const row = cells(plan.demand, id, plan.periods.slice(0, 12));
      return plan.periods[row.indexOf(Math.max(...row))].slice(5);
    };
    const peaks = new Set(plan.families.map((family) => peakMonth(family.id)));
    expect(peaks.size).toBeGreaterThanOrEqual(8);
    // Garden hoses (F002) sell more in spring than in winter.
    expect(plan.demand.F002['2027-05']).toBeGreaterThan(plan.demand.F002['2027-01'] * 1.2);
  });

  it('gives every family 1 to 3 distinct loads of 0.05 to 2 hours, on shared resources', () => {
    const byFamily = new Map<string, string[]>();
    for (const load of plan.loads) {
      expect(load.hoursPerUnit).toBeGreaterThanOrEqual(0.05);
      expect(load.hoursPerUnit).toBeLessThanOrEqual(2);
      byFamily.set(load.family, [...(byFamily.get(load.family) ?? []), load.resource]);
    }
    for (const family of plan.families) {
      const resources = byFamily.get(family.id) ?? [];
      expect(resources.length).toBeGreaterThanOrEqual(1);
      expect(resources.length).toBeLessThanOrEqual(3);
      expect(new Set(resources).size).toBe(resources.length);
    }
    const loadCounts = new Set(plan.loads.map((load) => load.family)).size;
    expect(loadCounts).toBe(plan.families.length);
    const familiesPerResource = plan.resources.map(
      (resource) => plan.loads.filter((load) => load.resource === resource.id).length,
    );
    expect(Math.min(...familiesPerResource)).toBeGreaterThanOrEqual(1);
    expect(mean(familiesPerResource)).toBeGreaterThan(5);
  });

  it('sets capacity near the planned load, so a minority of resource-months is overloaded', () => {
    const result = reconcile(plan);
    let overloaded = 0;
    let months = 0;
    for (const resource of result.resources) {
      const load = resource.rows.reduce((sum, row) => sum + row.load, 0);
      const capacity = resource.rows.reduce((sum, row) => sum + row.capacity, 0);
      expect(capacity / load).toBeGreaterThan(0.85);
      expect(capacity / load).toBeLessThan(1.5);
      overloaded += resource.rows.filter((row) => row.overload > 0).length;
      months += resource.rows.length;
    }
    expect(overloaded).toBeGreaterThan(0);
    expect(overloaded / months).toBeLessThan(0.35);
  });

  it('sets the budget within 10% of the value of demand, for the first 12 months only', () => {
    for (const family of plan.families) {
      expect(Object.keys(plan.budget[family.id])).toEqual(plan.periods.slice(0, 12));
      for (const period of plan.periods.slice(0, 12)) {
        const value = plan.demand[family.id][period] * family.price;
        if (value < 100) continue;
        const ratio = plan.budget[family.id][period] / value;
        expect(ratio).toBeGreaterThanOrEqual(0.899);
        expect(ratio).toBeLessThanOrEqual(1.101);
      }
    }
  });

  it('keeps supply near demand over the horizon', () => {
    for (const family of plan.families) {
      const demand = cells(plan.demand, family.id, plan.periods).reduce((a, b) => a + b, 0);
      const supply = cells(plan.supply, family.id, plan.periods).reduce((a, b) => a + b, 0);
      expect(supply / demand).toBeGreaterThan(0.7);
      expect(supply / demand).toBeLessThan(1.4);
    }
  });

  it('has 12 months of history with actuals, and forecasts with a realistic error', () => {
    const expectedMonths = Array.from({ length: DEMO_HISTORY_MONTHS }, (_, i) =>
      addMonths(plan.cycle, i - DEMO_HISTORY_MONTHS),
    );
    for (const family of plan.families) {
      const history = plan.history[family.id];
      expect(Object.keys(history)).toEqual(expectedMonths);
      expect(expectedMonths.every((month) => history[month].actual !== undefined)).toBe(true);
      const both = expectedMonths.filter((month) => history[month].forecast !== undefined);
      expect(both.length).toBeGreaterThanOrEqual(6);
      // Forecasts, where kept, run up to the last month before the cycle.
      expect(both).toEqual(expectedMonths.slice(-both.length));
    }
    const { total, families } = reconcile(plan).accuracy;
    expect(total.wmape).toBeGreaterThan(0.05);
    expect(total.wmape).toBeLessThan(0.3);
    const biases = Object.values(families).map((accuracy) => accuracy.bias ?? 0);
    expect(Math.min(...biases)).toBeLessThan(-0.03);
    expect(Math.max(...biases)).toBeGreaterThan(0.03);
  });
});

describe('generateDemoPlan: with the engine', () => {
  it.each([
    {},
    { families: 1, periods: 1, resources: 1, seed: 0 },
    { families: 3, periods: 60, resources: 7, seed: 99, cycle: '1999-01' },
    { families: 250, periods: 24, resources: 300, seed: 4_294_967_295 },
    BENCHMARK,
  ])('generates a plan parsePlan accepts: %j', (options) => {
    const plan = generateDemoPlan(options);
    const parsed = parsePlan(JSON.parse(JSON.stringify(plan)));
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
  });

  it.each([
    ['the default demo plan', {}],
    ['the benchmark plan', BENCHMARK],
  ])('shows every kind of gap and some overstock, without everything red: %s', (_, options) => {
    const result = reconcile(generateDemoPlan(options));
    const kinds = new Set(result.gaps.map((gap) => gap.kind));
    expect([...kinds].sort()).toEqual([
      'belowBudget',
      'belowSafetyStock',
      'excessInventory',
      'overload',
      'shortage',
    ]);
    const rows = result.families.flatMap((family) => family.rows);
    const count = (status: string) => rows.filter((row) => row.status === status).length;
    expect(count('overstock')).toBeGreaterThan(0);
    expect(count('shortage') / rows.length).toBeLessThanOrEqual(0.4);
    expect(count('ok') / rows.length).toBeGreaterThan(0.5);
  });
});

describe('generateDemoPlan: what happened in the ended months', () => {
  const plan = generateDemoPlan();
  const months = Array.from({ length: DEMO_HISTORY_MONTHS }, (_, i) =>
    addMonths(plan.cycle, i - DEMO_HISTORY_MONTHS),
  );

  it('records actuals for every ended month that agree with the history and each other', () => {
    for (const family of plan.families) {
      const actuals = plan.actuals?.[family.id] ?? {};
      expect(Object.keys(actuals)).toEqual(months);
      let backorders = 0;
      for (const month of months) {
        const actual = actuals[month];
        const point = plan.history[family.id][month];
        // Units ordered are the demand actual the accuracy measures read.
        expect(actual.ordered).toBe(point.actual);
        expect(point.plannedSupply).toBeGreaterThan(0);
        expect(point.plannedShipments).toBeGreaterThan(0);
        const ordered = actual.ordered ?? 0;
        expect(actual.shippedOnTime).toBeLessThanOrEqual(ordered);
        expect(actual.shipped).toBeGreaterThanOrEqual(actual.shippedOnTime ?? 0);
        expect(actual.ordersOnTimeInFull).toBeLessThanOrEqual(actual.orders ?? 0);
        // What was not shipped stays owed: backorders carry from month to month.
        backorders += ordered - (actual.shipped ?? 0);
        expect(actual.backorders).toBe(backorders);
        expect(actual.onHand).toBeGreaterThanOrEqual(0);
        expect(actual.revenueBudget).toBeGreaterThan(0);
      }
      // The month just ended closes with what the plan opens with.
      const last = actuals[months[months.length - 1]];
      expect((last.onHand ?? 0) - (last.backorders ?? 0)).toBe(family.openingInventory);
    }
  });

  it('serves some families in full and others less, so fill rate and OTIF differ', () => {
    const measures = planMeasures(plan, reconcile(plan));
    const fillRates = measures.performance.families.map((family) => family.unitFillRate ?? 0);
    const otifs = measures.performance.families.map((family) => family.otif ?? 0);
    expect(fillRates.filter((rate) => rate === 1).length).toBeGreaterThan(0);
    expect(Math.min(...fillRates)).toBeLessThan(0.95);
    expect(Math.min(...fillRates)).toBeGreaterThan(0.75);
    expect(Math.min(...otifs)).toBeLessThan(Math.min(...fillRates));
    expect(measures.performance.total.planAttainment).toBeGreaterThan(0.85);
    expect(measures.performance.total.planAttainment).toBeLessThan(1);
    // The fiscal year to date reads eleven ended months, each with a budget.
    expect(measures.fiscalYear.total.yearToDate.revenueVsBudget.budgetedMonths).toBe(
      11 * plan.families.length,
    );
    expect(measures.fiscalYear.total.missingMonths).toEqual([]);
  });

  it('leaves revenue past the budgeted year unbudgeted, not a budget of 0', () => {
    const { horizon } = reconcile(plan);
    expect(horizon.unbudgetedRevenue).toBeGreaterThan(0);
    expect(Math.abs(horizon.budgetGap / horizon.budget)).toBeLessThan(0.05);
  });
});

describe('generateDemoPlan: invalid options', () => {
  it.each([
    [{ families: 0 }, 'families must be an integer from 1 to 10000, got 0'],
    [{ families: 1.5 }, 'families must be an integer from 1 to 10000, got 1.5'],
    [{ periods: 61 }, 'periods must be an integer from 1 to 60, got 61'],
    [{ resources: Number.NaN }, 'resources must be an integer from 1 to 1000, got NaN'],
    [{ seed: -1 }, 'seed must be an integer from 0 to 4294967295, got -1'],
    [{ cycle: '2026-13' }, 'cycle must be a month written YYYY-MM, got "2026-13"'],
    [
      { cycle: '0000-06' },
      'cycle 0000-06 leaves no room for 12 months of history and 18 periods within the years 0000 to 9999',
    ],
    [
      { cycle: '9999-01', periods: 13 },
      'cycle 9999-01 leaves no room for 12 months of history and 13 periods within the years 0000 to 9999',
    ],
  ])('rejects %j', (options, message) => {
    expect(() => generateDemoPlan(options)).toThrow(new RangeError(message));
  });
});
