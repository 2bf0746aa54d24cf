import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareGaps,
  comparePlans,
  IncrementalReconciler,
  parsePlan,
  reconcile,
  type Plan,
} from '../../shared/engine/index.ts';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { changeArbitrary, planArbitrary } from '../helpers/plan-arbitrary.ts';

const runs = { numRuns: 300 };

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** The same plan with every object's keys in reverse order, as another replica may hold it. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    ) as T;
  }
  return value;
}

describe('engine properties', () => {
  it('generated plans are valid plan files', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        expect(parsePlan(plan)).toEqual({ ok: true, plan });
      }),
      { numRuns: 100 },
    );
  });

  it('inventory balances: shipments = demand - final backlog = opening + supply - final on hand', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const result = reconcile(plan);
        result.families.forEach((family, f) => {
          const rows = family.rows;
          const last = rows[rows.length - 1];
          const shipped = sum(rows.map((r) => r.shipments));
          const onHand = Math.max(0, last.projectedInventory);
          // A negative opening inventory is a backlog owed: shipped first, like demand.
          const opening = plan.families[f].openingInventory;
          const owed = Math.max(0, -opening);
          expect(shipped).toBe(sum(rows.map((r) => r.demand)) + owed - last.backlog);
          expect(shipped).toBe(Math.max(0, opening) + sum(rows.map((r) => r.supply)) - onHand);
        });
      }),
      runs,
    );
  });

  it('the same plan gives byte-identical JSON, whatever the key order', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const json = JSON.stringify(reconcile(plan));
        expect(JSON.stringify(reconcile(structuredClone(plan)))).toBe(json);
        expect(JSON.stringify(reconcile(reversedKeys(plan)))).toBe(json);
      }),
      runs,
    );
  });

  it('load is linear in supply', () => {
    fc.assert(
      fc.property(planArbitrary, fc.integer({ min: 2, max: 5 }), (plan, factor) => {
        const scaled: Plan = {
          ...plan,
          supply: Object.fromEntries(
            Object.entries(plan.supply).map(([id, cells]) => [
              id,
              Object.fromEntries(Object.entries(cells).map(([m, v]) => [m, v * factor])),
            ]),
          ),
        };
        const base = reconcile(plan).resources;
        reconcile(scaled).resources.forEach((resource, r) =>
          resource.rows.forEach((row, t) => {
            expect(row.load).toBeCloseTo(base[r].rows[t].load * factor, 9);
          }),
        );
      }),
      runs,
    );
  });

  it('the gap list is in gap order with unique ids', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const gaps = reconcile(plan).gaps;
        expect([...gaps].sort(compareGaps)).toEqual(gaps);
        expect(new Set(gaps.map((g) => g.id)).size).toBe(gaps.length);
      }),
      runs,
    );
  });

  it('volume + mix + price = R1 - R0', () => {
    fc.assert(
      fc.property(planArbitrary, planArbitrary, (previous, current) => {
        const { bridge, totals } = comparePlans(previous, current);
        const scale = Math.max(
          1,
          Math.abs(totals.revenue.previous),
          Math.abs(totals.revenue.current),
        );
        expect(Math.abs(bridge.volume + bridge.mix + bridge.price - bridge.total)).toBeLessThan(
          scale * 1e-9,
        );
        expect(bridge.total).toBe(totals.revenue.current - totals.revenue.previous);
      }),
      runs,
    );
  });

  it('the incremental reconciler matches a full reconcile after any edits', () => {
    const scenario = planArbitrary.chain((plan) =>
      fc.tuple(
        fc.constant(plan),
        fc.array(fc.array(changeArbitrary(plan), { minLength: 1, maxLength: 3 }), {
          minLength: 1,
          maxLength: 6,
        }),
      ),
    );
    fc.assert(
      fc.property(scenario, ([plan, batches]) => {
        const incremental = new IncrementalReconciler(plan);
        const edited: Plan = structuredClone(plan);
        for (const batch of batches) {
          incremental.apply(batch);
          for (const change of batch) applyToPlan(edited, change);
          expect(JSON.stringify(incremental.result)).toBe(JSON.stringify(reconcile(edited)));
        }
      }),
      runs,
    );
  });
});

function applyToPlan(plan: Plan, change: Parameters<IncrementalReconciler['apply']>[0]): void {
  if (Array.isArray(change)) throw new Error('one change at a time');
  const c = change as Exclude<typeof change, readonly unknown[]>;
  if (c.kind === 'capacity') {
    (plan.capacity[c.resource] ??= {})[c.period] = c.value;
  } else if (c.kind === 'budget') {
    // A budget of null is no budget: the cell goes.
    const row = (plan.budget[c.family] ??= {});
    if (c.value === null) delete row[c.period];
    else row[c.period] = c.value;
  } else if ('period' in c) {
    (plan[c.kind][c.family] ??= {})[c.period] = c.value;
  } else {
    plan.families.find((f) => f.id === c.family)![c.kind] = c.value;
  }
}

describe('incremental reconcile on a demo plan with hundreds of gaps', () => {
  it('matches a full reconcile after seeded random edits of every kind', () => {
    const plan = generateDemoPlan({ families: 60, periods: 24, resources: 12, seed: 7 });
    const incremental = new IncrementalReconciler(plan);
    expect(incremental.result.gaps.length).toBeGreaterThan(150);
    fc.assert(
      fc.property(fc.array(changeArbitrary(plan), { minLength: 1, maxLength: 4 }), (batch) => {
        incremental.apply(batch);
        for (const change of batch) applyToPlan(plan, change);
        expect(JSON.stringify(incremental.result)).toBe(JSON.stringify(reconcile(plan)));
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
