import { planMarginBridge } from './margin-bridge.ts';
import { reconcile } from './reconcile.ts';
import type { Change, Comparison, FamilyChange, Month, Plan, Reconciliation } from './types.ts';

/** One family's sums over the comparison window in one plan. */
interface WindowSums {
  demand: number;
  supply: number;
  /** Shipment units: Q of the price-volume-mix bridge. */
  shipments: number;
  revenue: number;
  price: number;
}

/**
 * Plan over plan (domain.md 4.10): per family and in total, demand, supply and revenue
 * of the previous and current plan over the months both cover, the revenue change split
 * into volume, mix and price, and the margin change into volume, mix, price and cost. Families of the current plan come first in its
 * order, then families only the previous plan had, in its order. `results` may give the
 * plans' reconciliations when the caller already has them (a live view keeps the closed
 * plan's and the current one's), so neither plan is reconciled again.
 */
export function comparePlans(
  previous: Plan,
  current: Plan,
  results: { previous?: Reconciliation; current?: Reconciliation } = {},
): Comparison {
  const inCurrent = new Set(current.periods);
  const periods = previous.periods.filter((period) => inCurrent.has(period));
  const previousResult = results.previous ?? reconcile(previous);
  const currentResult = results.current ?? reconcile(current);
  const before = windowSums(previousResult, previous, periods);
  const after = windowSums(currentResult, current, periods);

  const ids = [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))];
  const families: FamilyChange[] = ids.map((id) => {
    const p0 = before.get(id);
    const p1 = after.get(id);
    return {
      id,
      change: p0 === undefined ? 'added' : p1 === undefined ? 'removed' : 'kept',
      demand: change(p0?.demand ?? 0, p1?.demand ?? 0),
      supply: change(p0?.supply ?? 0, p1?.supply ?? 0),
      revenue: change(p0?.revenue ?? 0, p1?.revenue ?? 0),
    };
  });

  let demand0 = 0;
  let demand1 = 0;
  let supply0 = 0;
  let supply1 = 0;
  let revenue0 = 0;
  let revenue1 = 0;
  let units0 = 0;
  let units1 = 0;
  let units1AtOldPrice = 0;
  let price = 0;
  for (const id of ids) {
    const p0 = before.get(id);
    const p1 = after.get(id);
    demand0 += p0?.demand ?? 0;
    demand1 += p1?.demand ?? 0;
    supply0 += p0?.supply ?? 0;
    supply1 += p1?.supply ?? 0;
    revenue0 += p0?.revenue ?? 0;
    revenue1 += p1?.revenue ?? 0;
    units0 += p0?.shipments ?? 0;
    if (p1 !== undefined) {
      // A family new in the current plan is valued at its current price: no price effect.
      const oldPrice = p0?.price ?? p1.price;
      units1 += p1.shipments;
      units1AtOldPrice += p1.shipments * oldPrice;
      price += (p1.price - oldPrice) * p1.shipments;
    }
  }
  const averagePrice0 = units0 === 0 ? 0 : revenue0 / units0;
  return {
    periods,
    families,
    totals: {
      demand: change(demand0, demand1),
      supply: change(supply0, supply1),
      revenue: change(revenue0, revenue1),
    },
    bridge: {
      volume: (units1 - units0) * averagePrice0,
      mix: units1AtOldPrice - units1 * averagePrice0,
      price,
      total: revenue1 - revenue0,
    },
    marginBridge: planMarginBridge(previous, current, {
      previous: previousResult,
      current: currentResult,
    }),
  };
}

function change(previous: number, current: number): Change {
  const delta = current - previous;
  return { previous, current, delta, pct: previous === 0 ? null : delta / previous };
}

function windowSums(result: Reconciliation, plan: Plan, periods: Month[]): Map<string, WindowSums> {
  const indexes = periods.map((period) => result.periods.indexOf(period));
  const sums = new Map<string, WindowSums>();
  result.families.forEach((family, f) => {
    const entry: WindowSums = {
      demand: 0,
      supply: 0,
      shipments: 0,
      revenue: 0,
      price: plan.families[f].price,
    };
    for (const t of indexes) {
      const row = family.rows[t];
      entry.demand += row.demand;
      entry.supply += row.supply;
      entry.shipments += row.shipments;
      entry.revenue += row.revenue;
    }
    sums.set(family.id, entry);
  });
  return sums;
}
