import { describe, expect, it } from 'vitest';
import { formatPlanIssue, parsePlan } from '../../../../shared/engine/index.ts';
import { makePlan, months } from '../../../helpers/plan-builder.ts';

function problems(input: unknown): string[] {
  const result = parsePlan(input);
  return result.ok ? [] : result.issues.map(formatPlanIssue);
}

describe('parsePlan', () => {
  it('accepts a valid plan and returns it', () => {
    const plan = makePlan({ loads: [{ family: 'A', resource: 'L1', hoursPerUnit: 0.5 }] });
    const result = parsePlan(JSON.parse(JSON.stringify(plan)));
    expect(result).toEqual({ ok: true, plan });
  });

  it('rejects what is not a plan file', () => {
    expect(problems(null)).toEqual(['a plan file must be a JSON object']);
    expect(problems([1])).toEqual(['a plan file must be a JSON object']);
    expect(problems({ format: 'other' })).toEqual([
      'format: not a Fulcrum plan file (format must be "fulcrum.plan", got "other")',
    ]);
  });

  it('rejects an unsupported version with one clear line', () => {
    expect(problems({ ...makePlan(), version: 3 })).toEqual([
      'version: unsupported plan format version 3: this Fulcrum reads versions 1 and 2',
    ]);
  });

  it('reads a version 1 file as version 2, with nothing added', () => {
    const parsed = parsePlan({ ...makePlan(), version: 1 });
    expect(parsed.ok && parsed.plan.version).toBe(2);
    expect(parsed.ok && 'settings' in parsed.plan).toBe(false);
  });

  it('takes the version 2 sections and checks them', () => {
    const plan = makePlan({
      settings: { budgetTolerance: 0.05, fiscalYearStart: 4 },
      marginBudget: { A: { '2026-12': 200 } },
      history: { A: { '2026-11': { actual: 10, forecast: 12, plannedSupply: 9 } } },
      actuals: { A: { '2026-11': { ordered: 10, shipped: 9, onHand: 0, backorders: 1 } } },
    });
    expect(problems(plan)).toEqual([]);
    expect(
      problems(
        makePlan({
          settings: { budgetTolerance: 2, fiscalYearStart: 13, trackingWindow: 1.5 },
          marginBudget: { F9: {} },
          actuals: { A: { '2026-12': { ordered: 1 }, '2026-10': { sold: 3 } as never } },
        }),
      ),
    ).toEqual([
      'actuals.A.2026-10.sold: unknown field "sold"',
      'settings.budgetTolerance: must be between 0 and 1, got 2',
      'settings.trackingWindow: must be a whole number, got 1.5',
      'settings.fiscalYearStart: must be a month number 1 to 12, got 13',
    ]);
    expect(
      problems(
        makePlan({
          marginBudget: { F9: {} },
          actuals: { A: { '2026-12': { ordered: 1 } } },
        }),
      ),
    ).toEqual([
      'marginBudget.F9: unknown family "F9"',
      "actuals.A.2026-12: actuals are for ended months, before the plan's first period 2026-12",
    ]);
  });

  it('refuses numbers above 10^12, and takes a negative opening inventory down to -10^12', () => {
    expect(problems(makePlan({ demand: { A: { '2026-12': 1e20 } } }))).toEqual([
      'demand.A.2026-12: must be at most 1,000,000,000,000, got 100000000000000000000',
    ]);
    expect(problems(makePlan({ demand: { A: { '2026-12': 1e12 } } }))).toEqual([]);
    const owing = { id: 'A', name: 'A', price: 1, unitCost: 1, openingInventory: -442 };
    expect(problems(makePlan({ families: [owing] }))).toEqual([]);
    const deep = { ...owing, openingInventory: -2e12 };
    expect(problems(makePlan({ families: [deep] }))).toEqual([
      'families.0.openingInventory: must be at least -1,000,000,000,000, got -2000000000000',
    ]);
  });

  it('names unknown families and resources by their JSON path', () => {
    expect(problems(makePlan({ demand: { F9: { '2026-12': 1 } } }))).toEqual([
      'demand.F9: unknown family "F9"',
    ]);
    expect(problems(makePlan({ capacity: { L9: {} } }))).toEqual([
      'capacity.L9: unknown resource "L9"',
    ]);
    expect(
      problems(makePlan({ loads: [{ family: 'X', resource: 'Y', hoursPerUnit: 1 }] })),
    ).toEqual(['loads.0.family: unknown family "X"', 'loads.0.resource: unknown resource "Y"']);
    expect(problems(makePlan({ history: { Z: {} } }))).toEqual(['history.Z: unknown family "Z"']);
  });

  it('rejects months outside the periods and badly written months', () => {
    expect(problems(makePlan({ supply: { A: { '2030-01': 1 } } }))).toEqual([
      'supply.A.2030-01: "2030-01" is not one of the plan\'s periods',
    ]);
    expect(problems(makePlan({ history: { A: { 'May 2026': { actual: 1 } } } }))).toEqual([
      'history.A.May 2026: "May 2026" is not a month written YYYY-MM',
    ]);
  });

  it('rejects negative and non-finite numbers', () => {
    expect(problems(makePlan({ demand: { A: { '2026-12': -3 } } }))).toEqual([
      'demand.A.2026-12: must not be negative, got -3',
    ]);
    expect(problems(makePlan({ budget: { A: { '2026-12': Infinity } } }))).toEqual([
      'budget.A.2026-12: must be a finite number, got Infinity',
    ]);
    expect(problems(makePlan({ demand: { A: { '2026-12': NaN } } }))).toEqual([
      'demand.A.2026-12: must be a number, got NaN',
    ]);
    const family = { id: 'A', name: 'A', price: -1, unitCost: '3', openingInventory: 0 };
    expect(problems(makePlan({ families: [family as never] }))).toEqual([
      'families.0.price: must not be negative, got -1',
      'families.0.unitCost: must be a number, got "3"',
    ]);
  });

  it('rejects duplicate ids and duplicate loads', () => {
    const family = { id: 'A', name: 'A', price: 1, unitCost: 1, openingInventory: 0 };
    expect(problems(makePlan({ families: [family, family] }))).toEqual([
      'families.1.id: duplicate id "A"',
    ]);
    expect(
      problems(
        makePlan({
          resources: [
            { id: 'L1', name: 'one' },
            { id: 'L1', name: 'two' },
          ],
        }),
      ),
    ).toEqual(['resources.1.id: duplicate id "L1"']);
    const load = { family: 'A', resource: 'L1', hoursPerUnit: 1 };
    expect(problems(makePlan({ loads: [load, load] }))).toEqual([
      'loads.1: duplicate load of family "A" on resource "L1"',
    ]);
    expect(problems(makePlan({ families: [{ ...family, id: '' }] }))).toEqual([
      'families.0.id: must not be empty',
    ]);
  });

  it('checks the periods: consecutive, ascending, 1 to 60 months', () => {
    expect(problems(makePlan({ periods: ['2026-12', '2027-02'] }))).toEqual([
      'periods.1: months must be consecutive and ascending: "2027-02" does not follow "2026-12"',
    ]);
    expect(problems(makePlan({ periods: ['2027-01', '2026-12'] }))[0]).toMatch(/^periods\.1: /);
    expect(problems(makePlan({ periods: [], cycle: '2026-12' }))).toEqual([
      'periods: must hold 1 to 60 months, got 0',
    ]);
    expect(problems(makePlan({ periods: months('2026-01', 61) }))).toEqual([
      'periods: must hold 1 to 60 months, got 61',
    ]);
    expect(problems(makePlan({ periods: months('2026-01', 60) }))).toEqual([]);
    expect(problems(makePlan({ periods: ['2026-13'], cycle: '2026-12' }))).toEqual([
      'periods.0: must be a month written YYYY-MM, got "2026-13"',
    ]);
  });

  it('rejects unknown keys and missing fields, listing every problem', () => {
    const plan = { ...makePlan(), extra: true } as Record<string, unknown>;
    delete plan.currency;
    expect(problems(plan)).toEqual(['currency: is required', 'extra: unknown field "extra"']);
  });

  it('reads optional safety stock and max cover', () => {
    const family = { id: 'A', name: 'A', price: 1, unitCost: 1, openingInventory: 0 };
    const result = parsePlan(makePlan({ families: [{ ...family, safetyStock: 5, maxCover: 2 }] }));
    expect(result.ok && result.plan.families[0]).toMatchObject({ safetyStock: 5, maxCover: 2 });
  });
});
