import { MEASURE_COUNT, storeTotals, type Columns } from './columns.ts';
import {
  BELOW_BUDGET,
  BELOW_SAFETY_STOCK,
  EXCESS_INVENTORY,
  SHORTAGE,
  type GapBuffer,
} from './gaps.ts';
import type { PlanModel } from './plan-model.ts';

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

/** One open episode of a gap kind while the months are walked (domain.md 4.6). */
interface Episode {
  /** First period index, or -1 when none is open. */
  first: number;
  amount: number;
  peak: number;
}

const closed = (): Episode => ({ first: -1, amount: 0, peak: 0 });
/** The episodes of the family being computed; every one is closed when a call ends. */
const episodes = {
  shortage: closed(),
  belowSafety: closed(),
  excess: closed(),
  belowBudget: closed(),
};

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
  const { inventory: inventoryColumn, shipments: shipmentsColumn, cover: coverColumn } = columns;
  const { status: statusColumn, target: targetColumn } = columns;
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
  prefix[0] = 0;
  for (let t = 0; t < count; t++) prefix[t + 1] = prefix[t] + demand[base + t];
  // Months past the horizon take the average demand of its last three (domain.md 4.2).
  const tail = count < 3 ? count : 3;
  let tailDemand = 0;
  for (let t = count - tail; t < count; t++) tailDemand += demand[base + t];
  const average = tailDemand / tail;

  // Reused from call to call (each call leaves every episode closed): no garbage per family.
  const { shortage, belowSafety, excess, belowBudget } = episodes;
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
    const cover = forwardCover(demand, base, t, count, inventory, average);
    // NaN without a max cover: NaN comparisons are false, so never overstock.
    const target =
      maxCover === maxCover ? stockTarget(prefix, demand, base, count, t, maxCover, average) : NaN;
    const status =
      inventory < 0
        ? SHORT
        : inventory < safetyStock
          ? BELOW_SAFETY
          : inventory > target
            ? OVERSTOCK
            : OK;
    // The same expressions as `familyRow` and `computePeriodTotals`: keep them in step.
    const revenue = shipments * price;
    const cost = shipments * unitCost;
    inventoryColumn[at] = inventory;
    shipmentsColumn[at] = shipments;
    coverColumn[at] = cover;
    targetColumn[at] = target;
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

    if (status === SHORT) extend(shortage, t, -inventory);
    else close(shortage, gaps, SHORTAGE, family, t - 1, price);
    if (status === BELOW_SAFETY) extend(belowSafety, t, safetyStock - inventory);
    else close(belowSafety, gaps, BELOW_SAFETY_STOCK, family, t - 1, unitCost);
    if (status === OVERSTOCK) extend(excess, t, inventory - target);
    else close(excess, gaps, EXCESS_INVENTORY, family, t - 1, unitCost);
    if (budgeted && revenue < b * belowBudgetShare) {
      // Amount: the run's whole shortfall; peak: its largest month.
      const shortfall = b - revenue;
      if (belowBudget.first < 0) {
        belowBudget.first = t;
        belowBudget.amount = 0;
        budgetPeakShortfall = -1;
      }
      belowBudget.amount += shortfall;
      if (shortfall > budgetPeakShortfall) {
        budgetPeakShortfall = shortfall;
        belowBudget.peak = t;
      }
    } else close(belowBudget, gaps, BELOW_BUDGET, family, t - 1, 1);
  }
  close(shortage, gaps, SHORTAGE, family, count - 1, price);
  close(belowSafety, gaps, BELOW_SAFETY_STOCK, family, count - 1, unitCost);
  close(excess, gaps, EXCESS_INVENTORY, family, count - 1, unitCost);
  close(belowBudget, gaps, BELOW_BUDGET, family, count - 1, 1);
  for (let at = firstGap; at < gaps.length; at++) {
    if (gaps.kind[at] === BELOW_BUDGET) {
      gaps.yearVariance[at] = fiscalYearVariance(model, shipmentsColumn, family, gaps.period[at]);
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

/** Adds month `t` with `amount` to an episode, opening it if none is open. */
function extend(episode: Episode, t: number, amount: number): void {
  if (episode.first < 0) {
    episode.first = t;
    episode.amount = amount;
    episode.peak = t;
  } else if (amount > episode.amount) {
    episode.amount = amount;
    episode.peak = t;
  }
}

/** Ends an open episode at `last`: one gap valued at amount × `unitValue`. */
function close(
  episode: Episode,
  gaps: GapBuffer,
  kind: number,
  family: number,
  last: number,
  unitValue: number,
): void {
  if (episode.first < 0) return;
  const { first, peak, amount } = episode;
  gaps.add(kind, family, first, last, peak, amount, amount * unitValue);
  episode.first = -1;
}

/**
 * The family's revenue − budget over its budgeted months of the fiscal year that holds
 * period `first`, within the horizon (domain.md 4.6, a below-budget gap's context).
 */
function fiscalYearVariance(
  model: PlanModel,
  shipments: Float64Array,
  family: number,
  first: number,
): number {
  const count = model.periods.length;
  const base = family * count;
  const price = model.price[family];
  const intoYear = (model.monthOfYear[first] - model.settings.fiscalYearStart + 12) % 12;
  const start = Math.max(0, first - intoYear);
  const end = Math.min(count, first - intoYear + 12);
  let variance = 0;
  for (let t = start; t < end; t++) {
    const b = model.budget[base + t];
    if (b === b) variance += shipments[base + t] * price - b;
  }
  return variance;
}

/**
 * Forward, consumption-based cover of end-of-period inventory (domain.md 4.2): whole
 * future periods of demand it covers plus the fraction of the next. Stock that outlasts
 * the horizon goes on covering months at `average` demand; NaN (null) only when that
 * average is 0. Future supply is ignored.
 */
function forwardCover(
  demand: Float64Array,
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
 * The stock target of month `t` (domain.md 4.3): the demand of the next ⌊maxCover⌋
 * months plus the fraction of the month after them, months past the horizon at
 * `average`.
 */
function stockTarget(
  prefix: Float64Array,
  demand: Float64Array,
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
