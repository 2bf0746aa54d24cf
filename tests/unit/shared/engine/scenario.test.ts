import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPlanIssue,
  reconcile,
  type Override,
  type Scenario,
} from '../../../../shared/engine/index.ts';
import {
  applyScenario,
  parseScenario,
  summarizeScenarios,
} from '../../../../shared/engine/scenario.ts';
import { planArbitrary } from '../../../helpers/plan-arbitrary.ts';
import { makePlan, months } from '../../../helpers/plan-builder.ts';

const plan = makePlan({
  periods: months('2027-01', 4),
  families: [
    { id: 'A', name: 'Drills', price: 10, unitCost: 6, openingInventory: 50 },
    { id: 'B', name: 'Saws', price: 20, unitCost: 12, openingInventory: 10 },
  ],
  resources: [{ id: 'L1', name: 'Line 1' }],
  loads: [{ family: 'A', resource: 'L1', hoursPerUnit: 0.5 }],
  demand: { A: { '2027-01': 100, '2027-02': 100, '2027-03': 100 }, B: { '2027-01': 40 } },
  supply: { A: { '2027-01': 80 } },
  capacity: { L1: { '2027-01': 100, '2027-02': 100, '2027-03': 100, '2027-04': 100 } },
  budget: {},
  history: {},
});

function scenario(...overrides: Override[]): Scenario {
  return { format: 'fulcrum.scenario', version: 1, name: 'What if', overrides };
}

describe('applyScenario', () => {
  it('scales, adds and sets the targets in the months from..to, and nothing else', () => {
    const next = applyScenario(
      plan,
      scenario(
        {
          measure: 'demand',
          targets: ['A'],
          from: '2027-02',
          to: '2027-03',
          op: 'scale',
          value: 1.5,
        },
        { measure: 'supply', targets: ['A'], from: '2027-02', to: '2027-02', op: 'add', value: 30 },
        { measure: 'capacity', targets: 'all', from: '2027-04', op: 'set', value: 160 },
        { measure: 'price', targets: ['B'], op: 'scale', value: 1.1 },
      ),
    );
    expect(next.demand.A).toEqual({ '2027-01': 100, '2027-02': 150, '2027-03': 150 });
    expect(next.demand.B).toEqual(plan.demand.B);
    // A missing cell counts as 0: add creates it.
    expect(next.supply.A).toEqual({ '2027-01': 80, '2027-02': 30 });
    expect(next.capacity.L1['2027-04']).toBe(160);
    expect(next.capacity.L1['2027-03']).toBe(100);
    expect(next.families.find((f) => f.id === 'B')!.price).toBeCloseTo(22, 12);
    expect(next.families.find((f) => f.id === 'A')!.price).toBe(10);
  });

  it('applies overrides in order', () => {
    const add = { measure: 'demand', targets: ['A'], op: 'add', value: 10 } as const;
    const double = { measure: 'demand', targets: ['A'], op: 'scale', value: 2 } as const;
    expect(applyScenario(plan, scenario(add, double)).demand.A['2027-01']).toBe(220);
    expect(applyScenario(plan, scenario(double, add)).demand.A['2027-01']).toBe(210);
    const set = { measure: 'demand', targets: ['A'], op: 'set', value: 5 } as const;
    expect(applyScenario(plan, scenario(double, set)).demand.A['2027-01']).toBe(5);
  });

  it('never goes below zero and never changes the baseline', () => {
    const before = structuredClone(plan);
    const next = applyScenario(
      plan,
      scenario({ measure: 'demand', targets: 'all', op: 'add', value: -1000 }),
    );
    expect(Object.values(next.demand.A)).toEqual([0, 0, 0, 0]);
    expect(plan).toEqual(before);
  });

  it('changes the engine results as the overrides say', () => {
    const base = reconcile(plan);
    const upside = reconcile(
      applyScenario(plan, scenario({ measure: 'supply', targets: ['A'], op: 'add', value: 100 })),
    );
    // More supply of A loads line 1 more: 0.5 h per unit.
    expect(upside.resources[0].rows[1].load - base.resources[0].rows[1].load).toBe(50);
  });

  it('with no overrides is the baseline, for any plan', () => {
    fc.assert(
      fc.property(planArbitrary, (random) => {
        const empty = applyScenario(random, scenario());
        expect(JSON.stringify(reconcile(empty))).toBe(JSON.stringify(reconcile(random)));
      }),
      { numRuns: 200 },
    );
  });

  it('scale 1 and add 0 change no number, for any plan', () => {
    fc.assert(
      fc.property(planArbitrary, (random) => {
        const same = applyScenario(
          random,
          scenario(
            { measure: 'demand', targets: 'all', op: 'scale', value: 1 },
            { measure: 'supply', targets: 'all', op: 'add', value: 0 },
            { measure: 'price', targets: 'all', op: 'scale', value: 1 },
          ),
        );
        expect(reconcile(same).totals).toEqual(reconcile(random).totals);
      }),
      { numRuns: 100 },
    );
  });
});

describe('summarizeScenarios', () => {
  const overrideArbitrary = (families: string[], resources: string[], periods: string[]) =>
    fc
      .record({
        measure: fc.constantFrom('demand', 'supply', 'capacity', 'price'),
        all: fc.boolean(),
        pick: fc.integer({ min: 0, max: 10 }),
        range: fc.tuple(
          fc.integer({ min: 0, max: periods.length - 1 }),
          fc.integer({ min: 0, max: periods.length - 1 }),
        ),
        op: fc.constantFrom('scale', 'add', 'set'),
        value: fc.integer({ min: -50, max: 300 }).map((n) => n / 10),
      })
      .map(({ measure, all, pick, range, op, value }): Override => {
        const ids = measure === 'capacity' ? resources : families;
        const months =
          measure === 'price'
            ? {}
            : { from: periods[Math.min(...range)], to: periods[Math.max(...range)] };
        return {
          measure,
          targets: all || ids.length === 0 ? 'all' : [ids[pick % ids.length]],
          ...months,
          op,
          value: op === 'add' ? value : Math.abs(value),
        } as Override;
      });

  it('gives exactly what reconciling the applied scenario gives, for any plan and overrides', () => {
    fc.assert(
      fc.property(
        planArbitrary.chain((random) =>
          fc.tuple(
            fc.constant(random),
            fc.array(
              fc.array(
                overrideArbitrary(
                  random.families.map((f) => f.id),
                  random.resources.map((r) => r.id),
                  random.periods,
                ),
                { maxLength: 4 },
              ),
              { minLength: 1, maxLength: 5 },
            ),
          ),
        ),
        ([random, lists]) => {
          const scenarios = lists.map((overrides) => scenario(...overrides));
          const fast = summarizeScenarios(random, scenarios);
          scenarios.forEach((s, i) => {
            const slow = reconcile(applyScenario(random, s));
            expect(JSON.stringify(fast[i].result)).toBe(JSON.stringify(slow));
            // The sums read from the columns and the gap buffer agree with the full result.
            const outcome = fast[i];
            const perSubject = (kind: string, items: { id: string }[]) =>
              items.map((item) =>
                slow.gaps
                  .filter((gap) => gap.kind === kind && gap.subject === item.id)
                  .reduce((sum, gap) => sum + gap.amount, 0),
              );
            const close = (actual: ArrayLike<number>, expected: number[]) =>
              expected.forEach((value, at) => expect(actual[at]).toBeCloseTo(value, 6));
            // Per family its peak backlog; in money, the peak month's and the end's.
            close(
              outcome.familyShortage,
              slow.families.map((family) => family.backlog.peak),
            );
            expect(outcome.peakBacklogValue).toBeCloseTo(slow.backlog.peakValue, 6);
            expect(outcome.unshippedDemand).toBeCloseTo(slow.backlog.unshippedDemand, 6);
            close(outcome.resourceOverload, perSubject('overload', random.resources));
            close(
              outcome.familyRevenue,
              slow.families.map((family) => family.totals.revenue),
            );
            // At unit cost: units of different families never add.
            expect(outcome.endInventory).toBeCloseTo(
              slow.families.reduce(
                (sum, family, f) =>
                  sum +
                  Math.max(0, family.rows.at(-1)?.projectedInventory ?? 0) *
                    random.families[f].unitCost,
                0,
              ),
              6,
            );
            expect(outcome.gaps.count).toBe(slow.gaps.length);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('parseScenario', () => {
  it('reads a valid scenario file', () => {
    const input = scenario({ measure: 'demand', targets: ['A'], op: 'scale', value: 1.2 });
    expect(parseScenario({ ...input, assumption: 'Retail promotion', owner: 'Ana' }, plan)).toEqual(
      {
        ok: true,
        scenario: { ...input, assumption: 'Retail promotion', owner: 'Ana' },
      },
    );
  });

  it('names every problem by its JSON path', () => {
    const result = parseScenario(
      scenario(
        { measure: 'demand', targets: ['A', 'F9'], op: 'scale', value: -1 },
        {
          measure: 'capacity',
          targets: ['A'],
          from: '2027-03',
          to: '2027-01',
          op: 'set',
          value: 5,
        },
        { measure: 'price', targets: 'all', from: '2027-01', op: 'add', value: 1 },
        { measure: 'supply', targets: 'all', from: '2027-13', op: 'add', value: 1 },
      ),
      plan,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(formatPlanIssue)).toEqual([
      'overrides.0.targets.1: unknown family "F9"',
      'overrides.0.value: a scale factor must not be negative, got -1',
      'overrides.1.targets.0: unknown resource "A"',
      'overrides.1.to: must not be before from (2027-03)',
      'overrides.2: a price has no months: leave out from and to',
      'overrides.3.from: must be a month written YYYY-MM, got "2027-13"',
    ]);
    const shape = parseScenario(
      { format: 'fulcrum.plan', version: 1, name: '', overrides: [{ measure: 'cost' }] },
      plan,
    );
    expect(shape.ok ? [] : shape.issues.map(formatPlanIssue)).toEqual(
      expect.arrayContaining([
        'format: must be "fulcrum.scenario"',
        'name: a scenario needs a name',
        'overrides.0.measure: must be demand, supply, capacity or price, got "cost"',
      ]),
    );
  });
});
