import fc from 'fast-check';
import type { CellChange } from '../../shared/engine/index.ts';
import type { Plan } from '../../shared/engine/types.ts';
import { months } from './plan-builder.ts';

/** Whole numbers keep sums exact, so identities can be checked with `toBe`. */
const units = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 }));
const money = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 2000 }).map((cents) => cents / 4),
);

/** Random valid plans: 1-4 families, 0-3 resources, 1-8 months, sparse and dense grids. */
export const planArbitrary: fc.Arbitrary<Plan> = fc
  .record({
    familyCount: fc.integer({ min: 1, max: 4 }),
    resourceCount: fc.integer({ min: 0, max: 3 }),
    periodCount: fc.integer({ min: 1, max: 8 }),
    start: fc.constantFrom('2026-11', '2026-12', '2027-06'),
  })
  .chain(({ familyCount, resourceCount, periodCount, start }) => {
    const periods = months(start, periodCount);
    const familyIds = Array.from({ length: familyCount }, (_, i) => `F${i + 1}`);
    const resourceIds = Array.from({ length: resourceCount }, (_, i) => `R${i + 1}`);
    const grid = (ids: string[], value: fc.Arbitrary<number>) =>
      fc
        .tuple(
          ...ids.map((id) =>
            fc
              .array(fc.option(value, { nil: undefined }), {
                minLength: periodCount,
                maxLength: periodCount,
              })
              .map((values) => [
                id,
                Object.fromEntries(
                  values.flatMap((v, t) => (v === undefined ? [] : [[periods[t], v]])),
                ),
              ]),
          ),
        )
        .map((entries) => Object.fromEntries(entries));
    const pairs = familyIds.flatMap((family) =>
      resourceIds.map((resource) => ({ family, resource })),
    );
    return fc.record({
      format: fc.constant('fulcrum.plan' as const),
      version: fc.constant(2 as const),
      cycle: fc.constant(start),
      currency: fc.constant('EUR'),
      periods: fc.constant(periods),
      families: fc.tuple(
        ...familyIds.map((id) =>
          fc.record(
            {
              id: fc.constant(id),
              name: fc.constant(`Family ${id}`),
              price: money,
              unitCost: money,
              openingInventory: units,
              safetyStock: units,
              maxCover: fc.integer({ min: 0, max: 6 }),
            },
            { requiredKeys: ['id', 'name', 'price', 'unitCost', 'openingInventory'] },
          ),
        ),
      ),
      resources: fc.constant(resourceIds.map((id) => ({ id, name: `Resource ${id}` }))),
      loads: fc.subarray(pairs).chain((chosen) =>
        fc.tuple(
          ...chosen.map((pair) =>
            fc.record({
              family: fc.constant(pair.family),
              resource: fc.constant(pair.resource),
              hoursPerUnit: fc.constantFrom(0, 0.25, 0.5, 1, 2, 3),
            }),
          ),
        ),
      ),
      demand: grid(familyIds, units),
      supply: grid(familyIds, units),
      capacity: grid(resourceIds, fc.integer({ min: 0, max: 800 })),
      budget: grid(familyIds, fc.integer({ min: 0, max: 40000 })),
      history: fc.constant({}),
    });
  });

/** Random edits valid for a plan. */
export function changeArbitrary(plan: Plan): fc.Arbitrary<CellChange> {
  const family = fc.constantFrom(...plan.families.map((f) => f.id));
  const period = fc.constantFrom(...plan.periods);
  const options: fc.Arbitrary<CellChange>[] = [
    fc.record({
      kind: fc.constantFrom('demand', 'supply', 'budget'),
      family,
      period,
      value: units,
    }),
    fc.record({
      kind: fc.constantFrom('price', 'unitCost', 'openingInventory', 'safetyStock'),
      family,
      value: money,
    }),
  ] as fc.Arbitrary<CellChange>[];
  if (plan.resources.length > 0) {
    options.push(
      fc.record({
        kind: fc.constant('capacity' as const),
        resource: fc.constantFrom(...plan.resources.map((r) => r.id)),
        period,
        value: fc.integer({ min: 0, max: 800 }),
      }),
    );
  }
  return fc.oneof(...options);
}
