import { planSettings, type ResolvedSettings } from './settings.ts';
import type {
  ActualMonth,
  Family,
  ForecastSnapshot,
  Grid,
  HistoryPoint,
  Month,
  Plan,
  Resource,
} from './types.ts';

/**
 * A grid of the plan laid out densely: in single precision when every value of the grid
 * is exactly a single-precision number (whole units below 2^24, most plans), else in
 * double precision, so a plan's numbers are read back exactly either way and a
 * reconcile allocates half the memory for most plans.
 */
export type GridColumn = Float64Array | Float32Array;

/**
 * A validated plan laid out for computation: dense typed arrays indexed
 * `item * T + period` and per-family numbers in typed arrays, so the hot loops read
 * flat memory instead of nested objects keyed by strings.
 */
export interface PlanModel {
  cycle: Month;
  currency: string;
  periods: Month[];
  families: readonly Family[];
  resources: readonly Resource[];
  familyIndex: Map<string, number>;
  resourceIndex: Map<string, number>;
  periodIndex: Map<Month, number>;
  price: Float64Array;
  unitCost: Float64Array;
  openingInventory: Float64Array;
  safetyStock: Float64Array;
  /** NaN where a family has no max cover (no overstock check). */
  maxCover: Float64Array;
  demand: GridColumn;
  supply: GridColumn;
  /** NaN where a family-month has no budget (which is not a budget of 0). */
  budget: GridColumn;
  capacity: GridColumn;
  /** Month of the year (1 to 12) of each period, for fiscal years. */
  monthOfYear: Int8Array;
  settings: ResolvedSettings;
  /**
   * Loads grouped by resource, in the plan's `loads` order within each resource (sums
   * follow this order): resource r's loads are `loadStart[r]` to `loadStart[r + 1]`.
   */
  loadStart: Int32Array;
  loadFamily: Int32Array;
  loadHours: Float64Array;
  /** The plan's history, shared with the plan (never modified). */
  history: Record<string, Record<Month, HistoryPoint>>;
  /** The plan's actuals, shared with the plan (never modified). */
  actuals: Record<string, Record<Month, ActualMonth>>;
  /** The forecasts frozen at earlier closes, shared with the plan (never modified). */
  snapshots: readonly ForecastSnapshot[];
}

/** Lays out a validated plan for computation. The plan is not modified. */
export function buildModel(plan: Plan): PlanModel {
  const { periods, families, resources, loads } = plan;
  const familyIndex = indexById(families);
  const resourceIndex = indexById(resources);
  const periodIndex = new Map(periods.map((period, index) => [period, index]));
  const familyCount = families.length;
  const price = new Float64Array(familyCount);
  const unitCost = new Float64Array(familyCount);
  const openingInventory = new Float64Array(familyCount);
  const safetyStock = new Float64Array(familyCount);
  const maxCover = new Float64Array(familyCount);
  for (let f = 0; f < familyCount; f++) {
    const family = families[f];
    price[f] = family.price;
    unitCost[f] = family.unitCost;
    openingInventory[f] = family.openingInventory;
    safetyStock[f] = family.safetyStock ?? 0;
    maxCover[f] = family.maxCover ?? NaN;
  }

  const loadStart = new Int32Array(resources.length + 1);
  const resourceOf = new Int32Array(loads.length);
  for (let i = 0; i < loads.length; i++) {
    resourceOf[i] = resourceIndex.get(loads[i].resource)!;
    loadStart[resourceOf[i] + 1]++;
  }
  for (let r = 0; r < resources.length; r++) loadStart[r + 1] += loadStart[r];
  const loadFamily = new Int32Array(loads.length);
  const loadHours = new Float64Array(loads.length);
  const filled = loadStart.slice(0, resources.length);
  for (let i = 0; i < loads.length; i++) {
    const at = filled[resourceOf[i]]++;
    loadFamily[at] = familyIndex.get(loads[i].family)!;
    loadHours[at] = loads[i].hoursPerUnit;
  }

  return {
    cycle: plan.cycle,
    currency: plan.currency,
    periods: [...periods],
    families,
    resources,
    familyIndex,
    resourceIndex,
    periodIndex,
    price,
    unitCost,
    openingInventory,
    safetyStock,
    maxCover,
    demand: dense(plan.demand, families, periods, periodIndex),
    supply: dense(plan.supply, families, periods, periodIndex),
    budget: dense(plan.budget, families, periods, periodIndex, NaN),
    capacity: dense(plan.capacity, resources, periods, periodIndex),
    monthOfYear: Int8Array.from(periods, (period) => Number(period.slice(5, 7))),
    settings: planSettings(plan),
    loadStart,
    loadFamily,
    loadHours,
    // Read through the plan when first needed: a plan read from a cycle document reads
    // its history and actuals then (doc/plan-projection.ts).
    get history() {
      return plan.history;
    },
    get actuals() {
      return plan.actuals ?? {};
    },
    snapshots: plan.forecastSnapshots ?? [],
  };
}

/** Per family, the indexes of the resources it loads, ascending. */
export function resourcesByFamily(model: PlanModel): number[][] {
  const byFamily: number[][] = model.families.map(() => []);
  for (let r = 0; r < model.resources.length; r++) {
    for (let i = model.loadStart[r]; i < model.loadStart[r + 1]; i++) {
      const list = byFamily[model.loadFamily[i]];
      if (list[list.length - 1] !== r) list.push(r);
    }
  }
  return byFamily;
}

function indexById(items: readonly { id: string }[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < items.length; i++) index.set(items[i].id, i);
  return index;
}

function dense(
  grid: Grid,
  items: readonly { id: string }[],
  periods: Month[],
  periodIndex: Map<Month, number>,
  absent = 0,
): GridColumn {
  const count = periods.length;
  let values: GridColumn = new Float32Array(items.length * count);
  if (absent !== 0) values.fill(absent);
  for (let item = 0; item < items.length; item++) {
    const cells = grid[items[item].id];
    if (cells === undefined) continue;
    const base = item * count;
    // Cells are usually written in period order: guess the next period before looking it up.
    let t = 0;
    for (const month in cells) {
      if (periods[t] !== month) t = periodIndex.get(month)!;
      const value = cells[month];
      if (Math.fround(value) !== value && values instanceof Float32Array) {
        values = Float64Array.from(values);
      }
      values[base + t] = value;
      t++;
    }
  }
  return values;
}

/**
 * Writes one cell of a grid of the model (an edit), moving the grid to double precision
 * first when the value is not exactly a single-precision number.
 */
export function setGridCell(
  model: PlanModel,
  grid: 'demand' | 'supply' | 'budget' | 'capacity',
  at: number,
  value: number,
): void {
  if (model[grid] instanceof Float32Array && Math.fround(value) !== value && value === value) {
    model[grid] = Float64Array.from(model[grid]);
  }
  model[grid][at] = value;
}
