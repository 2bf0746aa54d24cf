import { MEASURE_COUNT, storeTotals, type Columns } from './columns.ts';
import { BELOW_BUDGET, BELOW_SAFETY_STOCK, SHORTAGE, type GapBuffer } from './gaps.ts';
import type { PlanModel } from './plan-model.ts';

/** Status codes as stored in `Columns.status` (see STATUS_BY_CODE). */
const OK = 0;
const SHORT = 1;
const BELOW_SAFETY = 2;
const OVERSTOCK = 3;

/**
 * Reconciles one family over the horizon (domain.md 4.1-4.4): writes its columns and
 * horizon totals and adds its shortage, below-safety-stock and below-budget gaps.
 * The full and the incremental reconcile both call this, so their results are identical.
 *
 * With `addToPeriodTotals`, it also adds its values to the period totals. A full
 * reconcile calls it for families in order starting from zeroed totals, which is the
 * same sequence of additions as `computePeriodTotals`, so the sums are bit-identical.
 */
export function computeFamily(
  model: PlanModel,
  columns: Columns,
  family: number,
  gaps: GapBuffer,
  addToPeriodTotals = false,
): void {
  const periodTotals = columns.periodTotals;
  const { demand, supply, budget } = model;
  const { inventory: inventoryColumn, shipments: shipmentsColumn, cover: coverColumn } = columns;
  const statusColumn = columns.status;
  const price = model.price[family];
  const unitCost = model.unitCost[family];
  const safetyStock = model.safetyStock[family];
  const maxCover = model.maxCover[family];
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

  let inventory = model.openingInventory[family];
  let onHandBefore = inventory > 0 ? inventory : 0;
  for (let t = 0; t < count; t++) {
    const at = base + t;
    const d = demand[at];
    const s = supply[at];
    const b = budget[at];
    inventory = inventory + s - d;
    const onHand = inventory > 0 ? inventory : 0;
    const shipments = onHandBefore + s - onHand;
    onHandBefore = onHand;
    const cover = forwardCover(demand, base, t, count, inventory);
    // NaN > maxCover is false: no max cover, or cover beyond the horizon, is never overstock.
    const status =
      inventory < 0
        ? SHORT
        : inventory < safetyStock
          ? BELOW_SAFETY
          : cover > maxCover
            ? OVERSTOCK
            : OK;
    // The same expressions as `familyRow` and `computePeriodTotals`: keep them in step.
    const revenue = shipments * price;
    const cost = shipments * unitCost;
    inventoryColumn[at] = inventory;
    shipmentsColumn[at] = shipments;
    coverColumn[at] = cover;
    statusColumn[at] = status;
    totalDemand += d;
    totalSupply += s;
    totalShipments += shipments;
    totalRevenue += revenue;
    totalCost += cost;
    totalMargin += revenue - cost;
    totalBudget += b;
    totalBudgetGap += revenue - b;
    totalDemandValue += d * price;
    if (addToPeriodTotals) {
      const p = t * MEASURE_COUNT;
      periodTotals[p] += d;
      periodTotals[p + 1] += s;
      periodTotals[p + 2] += shipments;
      periodTotals[p + 3] += revenue;
      periodTotals[p + 4] += cost;
      periodTotals[p + 5] += revenue - cost;
      periodTotals[p + 6] += b;
      periodTotals[p + 7] += revenue - b;
      periodTotals[p + 8] += d * price;
    }

    if (status === SHORT) {
      gaps.add(SHORTAGE, family, t, -inventory, -inventory * price);
    } else if (status === BELOW_SAFETY) {
      const amount = safetyStock - inventory;
      gaps.add(BELOW_SAFETY_STOCK, family, t, amount, amount * price);
    }
    if (b > 0 && revenue < b) gaps.add(BELOW_BUDGET, family, t, b - revenue, b - revenue);
  }
  storeTotals(
    columns.familyTotals,
    family,
    totalDemand,
    totalSupply,
    totalShipments,
    totalRevenue,
    totalCost,
    totalMargin,
    totalBudget,
    totalBudgetGap,
    totalDemandValue,
  );
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
