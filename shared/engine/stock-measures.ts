/**
 * What the plan's stock is worth and costs, month by month: inventory value, holding
 * cost, days of supply and turns (domain.md 4.4). Pure and deterministic. A stock is
 * reported per month, never summed over months.
 */

import { planSettings, holdingRateOf } from './settings.ts';
import type { FamilyRow, Month, Plan } from './types.ts';

/** The part of a reconciliation's family rows the stock measures read. */
export type StockRow = Pick<FamilyRow, 'projectedInventory' | 'shipments' | 'demand'>;

/** The part of a reconciliation the stock measures read (families in the plan's order). */
export interface StockSource {
  periods: readonly Month[];
  families: readonly { readonly rows: readonly StockRow[] }[];
}

/** One family's stock measures, one entry per period of the horizon. */
export interface FamilyStockMeasures {
  id: string;
  /** `onHand[t] × C` at each month's end. */
  inventoryValue: number[];
  /** `onHand[t] × C × holdingRate` (the family's rate, else the plan's setting). */
  holdingCost: number[];
  /** Σ holding cost over the horizon (a cost per month, so months add). */
  holdingCostTotal: number;
  /**
   * `onHand[t] / (Σ D[t+1..t+3] / days in those months)` over the horizon's months that
   * follow t (fewer near its end); null when none follows or their demand is 0.
   */
  daysOfSupply: (number | null)[];
  /**
   * `Σ_{t=1..12} shipments × C / (Σ_{t=1..12} onHand × C / 12)`; null when the horizon
   * has fewer than 12 months or the average stock is 0.
   */
  turns: number | null;
}

/** The stock measures of a plan, per family and in total. */
export interface StockMeasures {
  periods: Month[];
  families: FamilyStockMeasures[];
  total: {
    /** Σ over families of the inventory value at each month's end. */
    inventoryValue: number[];
    /** Σ over families of the holding cost of each month. */
    holdingCost: number[];
    holdingCostTotal: number;
    /**
     * Days of supply at cost, since units of different families do not add:
     * `Σ_f onHand × C / (Σ_f Σ D[t+1..t+3] × C / days in those months)`; null as per family.
     */
    daysOfSupply: (number | null)[];
    /** Turns with both sums over families; null as per family. */
    turns: number | null;
  };
}

/** Months the turns read: the first twelve of the horizon. */
const TURNS_MONTHS = 12;
/** Months of future demand days of supply read. */
const SUPPLY_MONTHS = 3;

/**
 * Inventory value, holding cost, days of supply and turns (domain.md 4.4, "Holding
 * cost", "Inventory value", "Days of supply", "Turns") per family and month from a
 * reconciliation's rows (`result.families[f]` is `plan.families[f]`), with
 * `onHand[t] = max(0, projectedInventory[t])`. Linear in families × months.
 */
export function stockMeasures(plan: Plan, result: StockSource): StockMeasures {
  const settings = planSettings(plan);
  const periods = [...result.periods];
  const count = periods.length;
  const days = periods.map(daysInMonth);
  const totalValue = new Array<number>(count).fill(0);
  const totalHolding = new Array<number>(count).fill(0);
  const totalDemandCost = new Array<number>(count).fill(0);
  let totalShippedCost = 0;
  let totalStockCost = 0;
  let totalHoldingSum = 0;

  const families = plan.families.map((family, f): FamilyStockMeasures => {
    const rows = result.families[f].rows;
    const cost = family.unitCost;
    const rate = holdingRateOf(family, settings);
    const inventoryValue = new Array<number>(count);
    const holdingCost = new Array<number>(count);
    const daysOfSupply = new Array<number | null>(count);
    let holdingSum = 0;
    let shipped = 0;
    let stock = 0;
    for (let t = 0; t < count; t++) {
      const row = rows[t];
      const onHand = row.projectedInventory > 0 ? row.projectedInventory : 0;
      const value = onHand * cost;
      inventoryValue[t] = value;
      holdingCost[t] = value * rate;
      holdingSum += value * rate;
      totalValue[t] += value;
      totalHolding[t] += value * rate;
      // Demand of the (up to) three months after t, over their days.
      let demand = 0;
      let dayCount = 0;
      const last = Math.min(count, t + 1 + SUPPLY_MONTHS);
      for (let u = t + 1; u < last; u++) {
        demand += rows[u].demand;
        dayCount += days[u];
      }
      daysOfSupply[t] = daysOfCover(onHand, demand, dayCount);
      // At cost for the total; the row's own demand × C is added once per month.
      totalDemandCost[t] += row.demand * cost;
      if (t < TURNS_MONTHS) {
        shipped += row.shipments * cost;
        stock += value;
      }
    }
    totalShippedCost += shipped;
    totalStockCost += stock;
    totalHoldingSum += holdingSum;
    return {
      id: family.id,
      inventoryValue,
      holdingCost,
      holdingCostTotal: holdingSum,
      daysOfSupply,
      turns: turnsOf(shipped, stock, count),
    };
  });

  const totalDays = new Array<number | null>(count);
  for (let t = 0; t < count; t++) {
    let demandCost = 0;
    let dayCount = 0;
    const last = Math.min(count, t + 1 + SUPPLY_MONTHS);
    for (let u = t + 1; u < last; u++) {
      demandCost += totalDemandCost[u];
      dayCount += days[u];
    }
    totalDays[t] = daysOfCover(totalValue[t], demandCost, dayCount);
  }

  return {
    periods,
    families,
    total: {
      inventoryValue: totalValue,
      holdingCost: totalHolding,
      holdingCostTotal: totalHoldingSum,
      daysOfSupply: totalDays,
      turns: turnsOf(totalShippedCost, totalStockCost, count),
    },
  };
}

/**
 * Days of supply of a stock `onHand` held before the period at index `first` of
 * `periods` (domain.md 4.4): `onHand / (Σ D / days)` over that period and the (up to)
 * two after it, with D read from one family's `demand` row (an absent cell is 0); null
 * when no period is left or their demand is 0. The stock of the month just ended reads
 * `first = 0`: the horizon's first three months.
 */
export function daysOfSupplyAt(
  onHand: number,
  demand: Readonly<Record<Month, number>> | undefined,
  periods: readonly Month[],
  first: number,
): number | null {
  let total = 0;
  let dayCount = 0;
  const last = Math.min(periods.length, first + SUPPLY_MONTHS);
  for (let u = first; u < last; u++) {
    total += demand?.[periods[u]] ?? 0;
    dayCount += daysInMonth(periods[u]);
  }
  return daysOfCover(onHand, total, dayCount);
}

/** Days in a calendar month `YYYY-MM` (Gregorian leap years). */
export function daysInMonth(month: Month): number {
  const year = Number(month.slice(0, 4));
  const monthOfYear = Number(month.slice(5, 7));
  if (monthOfYear === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return monthOfYear === 4 || monthOfYear === 6 || monthOfYear === 9 || monthOfYear === 11
    ? 30
    : 31;
}

function daysOfCover(stock: number, demand: number, dayCount: number): number | null {
  if (dayCount === 0 || demand === 0) return null;
  return stock / (demand / dayCount);
}

function turnsOf(shippedCost: number, stockCost: number, count: number): number | null {
  if (count < TURNS_MONTHS || stockCost === 0) return null;
  return shippedCost / (stockCost / TURNS_MONTHS);
}
