import { MEASURE_COUNT, storeTotals, type Columns } from './columns.ts';
import {
  BELOW_BUDGET,
  BELOW_SAFETY_STOCK,
  EXCESS_INVENTORY,
  SHORTAGE,
  type GapBuffer,
} from './gaps.ts';
import type { GridColumn, PlanModel } from './plan-model.ts';

/** Status codes as stored in `Columns.status` (see STATUS_BY_CODE). */
const OK = 0;
const SHORT = 1;
const BELOW_SAFETY = 2;
const OVERSTOCK = 3;

/**
 * Prefix sums of one family's demand (`prefix[i]` = demand of its first i months),
 * reused from one call to the next: it holds nothing between calls.
 */
let prefixScratch = new Float64Array(64);

/**
 * A family's revenue − budget over the budgeted months of each fiscal year the horizon
 * touches (index 0: the year of the first month), reused like `prefixScratch`.
 */
let yearScratch = new Float64Array(8);

/** The gap kind of each status's episodes (domain.md 4.6); OK has none. */
const GAP_OF_STATUS = [-1, SHORTAGE, BELOW_SAFETY_STOCK, EXCESS_INVENTORY];

/**
 * Reconciles one family over the horizon (domain.md 4.1-4.4, 4.6): writes its columns
 * and horizon totals and adds its gaps, one per episode: shortage, below safety stock,
 * below budget and excess inventory. The full and the incremental reconcile both call
 * this, so their results are identical.
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
  const inventoryColumn = columns.inventory;
  const statusColumn = columns.status;
  const price = model.price[family];
  const unitCost = model.unitCost[family];
  const safetyStock = model.safetyStock[family];
  const maxCover = model.maxCover[family];
  const belowBudgetShare = 1 - model.settings.budgetTolerance;
  const count = model.periods.length;
  const base = family * count;
  const firstGap = gaps.length;

  if (prefixScratch.length < count + 1) prefixScratch = new Float64Array(2 * count + 2);
  const prefix = prefixScratch;
  // Months into its fiscal year of the first month: month t is in year ⌊(t + this) / 12⌋.
  const intoFirstYear = (model.monthOfYear[0] - model.settings.fiscalYearStart + 12) % 12;
  const years = Math.floor((count - 1 + intoFirstYear) / 12) + 1;
  if (yearScratch.length < years) yearScratch = new Float64Array(2 * years);
  const yearVariance = yearScratch;
  yearVariance.fill(0, 0, years);
  prefix[0] = 0;
  for (let t = 0; t < count; t++) prefix[t + 1] = prefix[t] + demand[base + t];
  // Months past the horizon take the average demand of its last three (domain.md 4.2).
  const average = tailAverage(demand, base, count);

  // The open episode of a status (shortage, below safety stock and overstock exclude each
  // other, so one is open at a time) and the open below-budget run: plain locals, so the
  // walk allocates nothing.
  let runStatus = OK;
  let runFirst = 0;
  let runAmount = 0;
  let runPeak = 0;
  let budgetFirst = -1;
  let budgetAmount = 0;
  let budgetPeak = 0;
  let budgetPeakShortfall = 0;

  let totalDemand = 0;
  let totalSupply = 0;
  let totalShipments = 0;
  let totalRevenue = 0;
  let totalCost = 0;
  let totalMargin = 0;
  let totalBudget = 0;
  let totalBudgetGap = 0;
  let totalDemandValue = 0;
  let totalBudgeted = 0;
  let totalUnbudgeted = 0;

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
    // The target is read only when it can decide (no max cover: never overstock).
    let target = NaN;
    let status = OK;
    if (inventory < 0) status = SHORT;
    else if (inventory < safetyStock) status = BELOW_SAFETY;
    else if (maxCover === maxCover) {
      target = stockTarget(prefix, demand, base, count, t, maxCover, average);
      if (inventory > target) status = OVERSTOCK;
    }
    // The same expressions as `familyRow` and `computePeriodTotals`: keep them in step.
    const revenue = shipments * price;
    const cost = shipments * unitCost;
    inventoryColumn[at] = inventory;
    statusColumn[at] = status;
    totalDemand += d;
    totalSupply += s;
    totalShipments += shipments;
    totalRevenue += revenue;
    totalCost += cost;
    totalMargin += revenue - cost;
    // NaN: no budget. Budget sums compare like with like (domain.md 4.4).
    const budgeted = b === b;
    if (budgeted) {
      totalBudget += b;
      totalBudgetGap += revenue - b;
      totalBudgeted += revenue;
      yearVariance[((t + intoFirstYear) / 12) | 0] += revenue - b;
    } else totalUnbudgeted += revenue;
    totalDemandValue += d * price;
    if (addToPeriodTotals) {
      const p = t * MEASURE_COUNT;
      periodTotals[p] += d;
      periodTotals[p + 1] += s;
      periodTotals[p + 2] += shipments;
      periodTotals[p + 3] += revenue;
      periodTotals[p + 4] += cost;
      periodTotals[p + 5] += revenue - cost;
      if (budgeted) {
        periodTotals[p + 6] += b;
        periodTotals[p + 7] += revenue - b;
        periodTotals[p + 9] += revenue;
      } else periodTotals[p + 10] += revenue;
      periodTotals[p + 8] += d * price;
    }

    if (status !== runStatus) {
      if (runStatus !== OK) {
        const value = runAmount * (runStatus === SHORT ? price : unitCost);
        gaps.add(GAP_OF_STATUS[runStatus], family, runFirst, t - 1, runPeak, runAmount, value);
      }
      runStatus = status;
      runFirst = t;
      runAmount = -Infinity;
    }
    if (status !== OK) {
      // Shortage: backlog; below safety: the shortfall; overstock: the excess over target.
      const amount =
        status === SHORT
          ? -inventory
          : status === BELOW_SAFETY
            ? safetyStock - inventory
            : inventory - target;
      if (amount > runAmount) {
        runAmount = amount;
        runPeak = t;
      }
    }
    if (budgeted && revenue < b * belowBudgetShare) {
      // Amount: the run's whole shortfall; peak: its largest month.
      const shortfall = b - revenue;
      if (budgetFirst < 0) {
        budgetFirst = t;
        budgetAmount = 0;
        budgetPeakShortfall = -1;
      }
      budgetAmount += shortfall;
      if (shortfall > budgetPeakShortfall) {
        budgetPeakShortfall = shortfall;
        budgetPeak = t;
      }
    } else if (budgetFirst >= 0) {
      gaps.add(BELOW_BUDGET, family, budgetFirst, t - 1, budgetPeak, budgetAmount, budgetAmount);
      budgetFirst = -1;
    }
  }
  if (runStatus !== OK) {
    const value = runAmount * (runStatus === SHORT ? price : unitCost);
    gaps.add(GAP_OF_STATUS[runStatus], family, runFirst, count - 1, runPeak, runAmount, value);
  }
  if (budgetFirst >= 0) {
    gaps.add(BELOW_BUDGET, family, budgetFirst, count - 1, budgetPeak, budgetAmount, budgetAmount);
  }
  // A below-budget gap's context: the family's variance over its budgeted months of the
  // fiscal year of the gap's first month, within the horizon (domain.md 4.6).
  for (let at = firstGap; at < gaps.length; at++) {
    if (gaps.kind[at] === BELOW_BUDGET) {
      gaps.yearVariance[at] = yearVariance[((gaps.period[at] + intoFirstYear) / 12) | 0];
    }
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
    totalBudgeted,
    totalUnbudgeted,
  );
}

/**
 * A family's cover of every period (domain.md 4.2), read from the model and its
 * computed inventory, for its rows read after the computation (no other number depends
 * on cover, so the walk does not compute it). NaN where cover is null.
 */
export function familyCovers(
  model: PlanModel,
  inventory: Float64Array,
  family: number,
): Float64Array {
  const count = model.periods.length;
  const base = family * count;
  const demand = model.demand;
  const covers = new Float64Array(count);
  const average = tailAverage(demand, base, count);
  for (let t = 0; t < count; t++) {
    covers[t] = forwardCover(demand, base, t, count, inventory[base + t], average);
  }
  return covers;
}

/** The average demand of the horizon's last three months (fewer when shorter; domain.md 4.2). */
function tailAverage(demand: GridColumn, base: number, count: number): number {
  const tail = count < 3 ? count : 3;
  let tailDemand = 0;
  for (let t = count - tail; t < count; t++) tailDemand += demand[base + t];
  return tailDemand / tail;
}

/**
 * Forward, consumption-based cover of end-of-period inventory (domain.md 4.2): whole
 * future periods of demand it covers plus the fraction of the next. Stock that outlasts
 * the horizon goes on covering months at `average` demand; NaN (null) only when that
 * average is 0. Future supply is ignored.
 */
function forwardCover(
  demand: GridColumn,
  base: number,
  t: number,
  count: number,
  inventory: number,
  average: number,
): number {
  if (inventory <= 0) return 0;
  let covered = 0;
  let next = t + 1;
  // Sums left to right, exactly as the definition reads, so ties at the boundary agree.
  while (next < count && covered + demand[base + next] <= inventory) {
    covered += demand[base + next];
    next++;
  }
  if (next < count) return next - t - 1 + (inventory - covered) / demand[base + next];
  if (average === 0) return NaN;
  return count - 1 - t + (inventory - covered) / average;
}

/**
 * A family's stock target of every period, read from the model (domain.md 4.3), for its
 * rows read after the computation: the same arithmetic as the walk, on the same prefix
 * sums. NaN without a max cover.
 */
export function familyStockTargets(model: PlanModel, family: number): Float64Array {
  const count = model.periods.length;
  const targets = new Float64Array(count).fill(NaN);
  const maxCover = model.maxCover[family];
  if (maxCover !== maxCover) return targets;
  const base = family * count;
  const demand = model.demand;
  const prefix = new Float64Array(count + 1);
  for (let k = 0; k < count; k++) prefix[k + 1] = prefix[k] + demand[base + k];
  const average = tailAverage(demand, base, count);
  for (let t = 0; t < count; t++) {
    targets[t] = stockTarget(prefix, demand, base, count, t, maxCover, average);
  }
  return targets;
}

/**
 * The stock target of month `t` (domain.md 4.3): the demand of the next ⌊maxCover⌋
 * months plus the fraction of the month after them, months past the horizon at
 * `average`.
 */
function stockTarget(
  prefix: Float64Array,
  demand: GridColumn,
  base: number,
  count: number,
  t: number,
  maxCover: number,
  average: number,
): number {
  const whole = Math.floor(maxCover);
  const fraction = maxCover - whole;
  const from = t + 1;
  const end = from + whole;
  const insideEnd = end < count ? end : count;
  let target = insideEnd > from ? prefix[insideEnd] - prefix[from] : 0;
  const outside = end - (from > count ? from : count);
  if (outside > 0) target += outside * average;
  if (fraction > 0) target += fraction * (end < count ? demand[base + end] : average);
  return target;
}
