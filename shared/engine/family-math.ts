import { makeGap } from './gaps.ts';
import type { PlanModel } from './plan-model.ts';
import type { FamilyResult, FamilyRow, FamilyStatus, Gap, MoneyTotals } from './types.ts';

/** A family's reconciled rows and the gaps found in them. */
export interface FamilyComputation {
  result: FamilyResult;
  gaps: Gap[];
}

/**
 * Reconciles one family over the horizon (domain.md 4.1-4.4 and its gaps of 4.6).
 * Both the full and the incremental reconcile call this, so their results are identical.
 */
export function computeFamily(model: PlanModel, family: number): FamilyComputation {
  const { periods, demand, supply, budget } = model;
  const { id, name, price, unitCost, openingInventory } = model.families[family];
  const safetyStock = model.families[family].safetyStock ?? 0;
  const maxCover = model.families[family].maxCover;
  const count = periods.length;
  const base = family * count;
  const rows: FamilyRow[] = new Array(count);
  const gaps: Gap[] = [];
  const totals = zeroTotals();

  let inventory = openingInventory;
  let onHandBefore = Math.max(0, openingInventory);
  for (let t = 0; t < count; t++) {
    const d = demand[base + t];
    const s = supply[base + t];
    const b = budget[base + t];
    inventory = inventory + s - d;
    const onHand = Math.max(0, inventory);
    const backlog = Math.max(0, -inventory);
    const shipments = onHandBefore + s - onHand;
    onHandBefore = onHand;
    const cover = forwardCover(demand, base, t, count, inventory);
    const status: FamilyStatus =
      inventory < 0
        ? 'shortage'
        : inventory < safetyStock
          ? 'belowSafetyStock'
          : maxCover !== undefined && cover !== null && cover > maxCover
            ? 'overstock'
            : 'ok';
    const revenue = shipments * price;
    const cost = shipments * unitCost;
    const margin = revenue - cost;
    const budgetGap = revenue - b;
    const demandValue = d * price;
    rows[t] = {
      period: periods[t],
      demand: d,
      supply: s,
      projectedInventory: inventory,
      shipments,
      backlog,
      cover,
      status,
      revenue,
      cost,
      margin,
      budget: b,
      budgetGap,
      demandValue,
    };
    totals.demand += d;
    totals.supply += s;
    totals.shipments += shipments;
    totals.revenue += revenue;
    totals.cost += cost;
    totals.margin += margin;
    totals.budget += b;
    totals.budgetGap += budgetGap;
    totals.demandValue += demandValue;

    if (status === 'shortage') {
      gaps.push(makeGap('shortage', id, periods[t], backlog, backlog * price));
    } else if (status === 'belowSafetyStock') {
      const amount = safetyStock - inventory;
      gaps.push(makeGap('belowSafetyStock', id, periods[t], amount, amount * price));
    }
    if (b > 0 && revenue < b) {
      const amount = b - revenue;
      gaps.push(makeGap('belowBudget', id, periods[t], amount, amount));
    }
  }
  return { result: { id, name, rows, totals }, gaps };
}

/**
 * Forward, consumption-based cover of end-of-period inventory (domain.md 4.2): whole
 * future periods of demand it covers plus the fraction of the next; null when it
 * outlasts the horizon's remaining demand. Future supply is ignored.
 */
function forwardCover(
  demand: Float64Array,
  base: number,
  t: number,
  count: number,
  inventory: number,
): number | null {
  if (inventory <= 0) return 0;
  let covered = 0;
  let next = t + 1;
  // Sums left to right, exactly as the definition reads, so ties at the boundary agree.
  while (next < count && covered + demand[base + next] <= inventory) {
    covered += demand[base + next];
    next++;
  }
  if (next === count) return null;
  return next - t - 1 + (inventory - covered) / demand[base + next];
}

/** Totals with every measure at 0. */
export function zeroTotals(): MoneyTotals {
  return {
    demand: 0,
    supply: 0,
    shipments: 0,
    revenue: 0,
    cost: 0,
    margin: 0,
    budget: 0,
    budgetGap: 0,
    demandValue: 0,
  };
}
