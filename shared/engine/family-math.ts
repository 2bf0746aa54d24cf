import { MEASURE_COUNT, type Columns } from './columns.ts';
import { BELOW_BUDGET, BELOW_SAFETY_STOCK, SHORTAGE, type GapBuffer } from './gaps.ts';
import type { PlanModel } from './plan-model.ts';

const OK = 0;
const SHORT = 1;
const BELOW_SAFETY = 2;
const OVERSTOCK = 3;

/**
 * Reconciles one family over the horizon (domain.md 4.1-4.4): writes its columns and
 * horizon totals and adds its shortage, below-safety-stock and below-budget gaps.
 * The full and the incremental reconcile both call this, so their results are identical.
 */
export function computeFamily(
  model: PlanModel,
  columns: Columns,
  family: number,
  gaps: GapBuffer,
): void {
  const { demand, supply, budget } = model;
  const { price, unitCost, openingInventory, maxCover } = model.families[family];
  const safetyStock = model.families[family].safetyStock ?? 0;
  const count = model.periods.length;
  const base = family * count;
  let totalDemand = 0;
  let totalSupply = 0;
  let totalShipments = 0;
  let totalRevenue = 0;
  let totalCost = 0;
  let totalMargin = 0;
  let totalBudget = 0;
  let totalBudgetGap = 0;
  let totalDemandValue = 0;

  let inventory = openingInventory;
  let onHandBefore = Math.max(0, openingInventory);
  for (let t = 0; t < count; t++) {
    const at = base + t;
    const d = demand[at];
    const s = supply[at];
    const b = budget[at];
    inventory = inventory + s - d;
    const onHand = inventory > 0 ? inventory : 0;
    const backlog = inventory < 0 ? -inventory : 0;
    const shipments = onHandBefore + s - onHand;
    onHandBefore = onHand;
    const cover = forwardCover(demand, base, t, count, inventory);
    const status =
      inventory < 0
        ? SHORT
        : inventory < safetyStock
          ? BELOW_SAFETY
          : maxCover !== undefined && cover > maxCover
            ? OVERSTOCK
            : OK;
    const revenue = shipments * price;
    const cost = shipments * unitCost;
    const margin = revenue - cost;
    const budgetGap = revenue - b;
    const demandValue = d * price;
    columns.inventory[at] = inventory;
    columns.shipments[at] = shipments;
    columns.backlog[at] = backlog;
    columns.cover[at] = cover;
    columns.status[at] = status;
    columns.revenue[at] = revenue;
    columns.cost[at] = cost;
    columns.margin[at] = margin;
    columns.budgetGap[at] = budgetGap;
    columns.demandValue[at] = demandValue;
    totalDemand += d;
    totalSupply += s;
    totalShipments += shipments;
    totalRevenue += revenue;
    totalCost += cost;
    totalMargin += margin;
    totalBudget += b;
    totalBudgetGap += budgetGap;
    totalDemandValue += demandValue;

    if (status === SHORT) {
      gaps.add(SHORTAGE, family, t, backlog, backlog * price);
    } else if (status === BELOW_SAFETY) {
      const amount = safetyStock - inventory;
      gaps.add(BELOW_SAFETY_STOCK, family, t, amount, amount * price);
    }
    if (b > 0 && revenue < b) gaps.add(BELOW_BUDGET, family, t, b - revenue, b - revenue);
  }
  const totals = columns.familyTotals;
  const at = family * MEASURE_COUNT;
  totals[at] = totalDemand;
  totals[at + 1] = totalSupply;
  totals[at + 2] = totalShipments;
  totals[at + 3] = totalRevenue;
  totals[at + 4] = totalCost;
  totals[at + 5] = totalMargin;
  totals[at + 6] = totalBudget;
  totals[at + 7] = totalBudgetGap;
  totals[at + 8] = totalDemandValue;
}

/**
 * Forward, consumption-based cover of end-of-period inventory (domain.md 4.2): whole
 * future periods of demand it covers plus the fraction of the next; NaN (null) when it
 * outlasts the horizon's remaining demand. Future supply is ignored.
 */
function forwardCover(
  demand: Float64Array,
  base: number,
  t: number,
  count: number,
  inventory: number,
): number {
  if (inventory <= 0) return 0;
  let covered = 0;
  let next = t + 1;
  // Sums left to right, exactly as the definition reads, so ties at the boundary agree.
  while (next < count && covered + demand[base + next] <= inventory) {
    covered += demand[base + next];
    next++;
  }
  if (next === count) return NaN;
  return next - t - 1 + (inventory - covered) / demand[base + next];
}
