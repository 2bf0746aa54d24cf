import type { PlanModel } from './plan-model.ts';
import type { FamilyStatus, MoneyTotals } from './types.ts';

/** The additive measures, in the order totals are stored and listed. */
export const TOTAL_MEASURES = [
  'demand',
  'supply',
  'shipments',
  'revenue',
  'cost',
  'margin',
  'budget',
  'budgetGap',
  'demandValue',
  'budgetedRevenue',
  'unbudgetedRevenue',
] as const satisfies readonly (keyof MoneyTotals)[];

/** How many additive measures a totals record holds. */
export const MEASURE_COUNT = TOTAL_MEASURES.length;

/** Family statuses by their stored code. */
export const STATUS_BY_CODE: readonly FamilyStatus[] = [
  'ok',
  'shortage',
  'belowSafetyStock',
  'overstock',
];

/**
 * The derived numbers of a reconciliation in flat typed arrays: family-period values
 * at `f * T + t`, resource-period values at `r * T + t`, totals at `item * MEASURE_COUNT + measure`.
 * One allocation per measure instead of one object per cell keeps reconcile fast and
 * light, and so does storing only what cannot be read off another column: shipments
 * (from inventory and supply), utilization and overload (from load and capacity) and the
 * money that is one multiplication away (backlog, revenue, cost, margin, budget gap,
 * demand value) are computed with the same expression wherever they are needed, so
 * they are bit-identical everywhere. Cover and the stock target are computed when a
 * family's rows are read.
 */
export interface Columns {
  inventory: Float64Array;
  status: Uint8Array;
  familyTotals: Float64Array;
  load: Float64Array;
  /** Money of the supply loading a resource-period: the base of an overload gap's value. */
  supplyValue: Float64Array;
  periodTotals: Float64Array;
}

/** Allocates the columns for a model's size. */
export function allocateColumns(model: PlanModel): Columns {
  const count = model.periods.length;
  const cells = model.families.length * count;
  const resourceCells = model.resources.length * count;
  return {
    inventory: new Float64Array(cells),
    status: new Uint8Array(cells),
    familyTotals: new Float64Array(model.families.length * MEASURE_COUNT),
    load: new Float64Array(resourceCells),
    supplyValue: new Float64Array(resourceCells),
    periodTotals: new Float64Array(count * MEASURE_COUNT),
  };
}

/** True when `columns` were allocated for a model of this size (and can be reused for it). */
export function columnsFit(columns: Columns, model: PlanModel): boolean {
  const count = model.periods.length;
  return (
    columns.inventory.length === model.families.length * count &&
    columns.load.length === model.resources.length * count &&
    columns.periodTotals.length === count * MEASURE_COUNT
  );
}

/** Zeroes columns for another computation (sums accumulate into them). */
export function clearColumns(columns: Columns): Columns {
  for (const column of Object.values(columns) as (Float64Array | Uint8Array)[]) column.fill(0);
  return columns;
}

/**
 * Shipments of family-period `at` (month `t`) from the stored inventory: the stock on
 * hand before the month plus its supply minus the stock on hand after it (domain.md
 * 4.1). The walk in `computeFamily` uses the same expression, so every reader gets the
 * same bits without a column of its own.
 */
export function shipmentsAt(
  model: PlanModel,
  inventory: Float64Array,
  family: number,
  t: number,
  at: number,
): number {
  const before = t === 0 ? model.openingInventory[family] : inventory[at - 1];
  return shipped(before, model.supply[at], inventory[at]);
}

/** Shipments of a month from the inventory before and after it and its supply. */
export function shipped(before: number, supply: number, after: number): number {
  return (before > 0 ? before : 0) + supply - (after > 0 ? after : 0);
}

/** Load above capacity, 0 when within it (domain.md 4.5). */
export function overloadOf(load: number, capacity: number): number {
  return load > capacity ? load - capacity : 0;
}

/** Load as a share of capacity; NaN (null) at zero capacity (domain.md 4.5). */
export function utilizationOf(load: number, capacity: number): number {
  return capacity === 0 ? NaN : load / capacity;
}

/** Reads a stored number that may be null (stored as NaN). */
export function nullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** Reads totals record `item` of a totals column as an object. */
export function readTotals(column: Float64Array, item: number): MoneyTotals {
  const at = item * MEASURE_COUNT;
  return {
    demand: column[at],
    supply: column[at + 1],
    shipments: column[at + 2],
    revenue: column[at + 3],
    cost: column[at + 4],
    margin: column[at + 5],
    budget: column[at + 6],
    budgetGap: column[at + 7],
    demandValue: column[at + 8],
    budgetedRevenue: column[at + 9],
    unbudgetedRevenue: column[at + 10],
  };
}

/**
 * Stores one totals record (the measures in TOTAL_MEASURES order) as item `item`.
 * Callers pass sums they accumulated themselves, in their own fixed order.
 */
export function storeTotals(
  column: Float64Array,
  item: number,
  demand: number,
  supply: number,
  shipments: number,
  revenue: number,
  cost: number,
  margin: number,
  budget: number,
  budgetGap: number,
  demandValue: number,
  budgetedRevenue: number,
  unbudgetedRevenue: number,
): void {
  const at = item * MEASURE_COUNT;
  column[at] = demand;
  column[at + 1] = supply;
  column[at + 2] = shipments;
  column[at + 3] = revenue;
  column[at + 4] = cost;
  column[at + 5] = margin;
  column[at + 6] = budget;
  column[at + 7] = budgetGap;
  column[at + 8] = demandValue;
  column[at + 9] = budgetedRevenue;
  column[at + 10] = unbudgetedRevenue;
}
