import { seededRandom } from '../../shared/random.ts';
import type { Plan } from '../../shared/engine/types.ts';
import { makePlan, months } from './plan-builder.ts';

/**
 * Seeded plans for the constrained supply plan's tests: 2 to 6 families on 1 to 4
 * resources over 4 to 12 months, with demand that swings above the supply typed in and
 * capacity that binds in some months (the supply typed in always fits with overtime), safety stocks, overtime costs, and now and then
 * bounds on what a family may make. An hour of overtime costs 4 to 15 and a unit needs at
 * most 1.5 hours, so making a unit on overtime is always worth less than its price (at
 * least 24): where it were not, the cheapest plan would rightly leave demand unshipped.
 * The same seed always gives the same plan.
 */
export function supplyTestPlan(seed: number): Plan {
  const rnd = seededRandom(seed);
  const periods = months('2027-01', 4 + rnd.int(9));
  const familyCount = 2 + rnd.int(5);
  const resourceCount = 1 + rnd.int(4);
  const families = Array.from({ length: familyCount }, (_, f) => {
    const unitCost = 20 + rnd.int(60);
    return {
      id: `F${f + 1}`,
      name: `Family ${f + 1}`,
      unitCost,
      price: unitCost * (1.2 + rnd.next()),
      openingInventory: rnd.int(200) - 40,
      ...(rnd.chance(0.6) && { safetyStock: rnd.int(80) }),
      ...(rnd.chance(0.2) && { maxSupply: 150 + rnd.int(200) }),
      ...(rnd.chance(0.15) && { minSupply: rnd.int(40) }),
    };
  });
  const resources = Array.from({ length: resourceCount }, (_, r) => ({
    id: `R${r + 1}`,
    name: `Resource ${r + 1}`,
    ...(rnd.chance(0.8) && { extraHourCost: 4 + rnd.int(12) }),
  }));
  const loads = families.flatMap((family) =>
    resources
      .filter((_, r) => r === 0 || rnd.chance(0.4))
      .map((resource) => ({
        family: family.id,
        resource: resource.id,
        hoursPerUnit: (1 + rnd.int(6)) / 4,
      })),
  );
  const demand: Plan['demand'] = {};
  const supply: Plan['supply'] = {};
  for (const family of families) {
    const level = 60 + rnd.int(200);
    demand[family.id] = {};
    supply[family.id] = {};
    for (const month of periods) {
      demand[family.id][month] = Math.round(level * (0.6 + rnd.next() * 0.9));
      supply[family.id][month] = Math.round(level * (0.7 + rnd.next() * 0.5));
    }
  }
  const capacity: Plan['capacity'] = {};
  for (const resource of resources) {
    capacity[resource.id] = {};
    for (const month of periods) {
      let typed = 0;
      for (const load of loads) {
        if (load.resource === resource.id) typed += load.hoursPerUnit * supply[load.family][month];
      }
      // Tight in some months, never so tight that the plan typed in needs more than the
      // allowed overtime (a fifth of capacity): every seeded plan has a feasible start.
      capacity[resource.id][month] = Math.ceil(typed * (0.85 + rnd.next() * 0.6));
    }
  }
  return makePlan({ periods, families, resources, loads, demand, supply, capacity });
}
