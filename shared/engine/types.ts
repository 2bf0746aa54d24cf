/**
 * Types of the plan file (format v1) and of the engine's results.
 * These names are part of the product's API: the JSON of a reconciliation and of a
 * comparison is what the command line prints and what every peer computes.
 */

import type { Month } from '../dates.ts';

/** A calendar month, `YYYY-MM` (declared with the date arithmetic in `shared/dates.ts`). */
export type { Month };

/** A product family: the level at which S&OP plans demand, supply and money. */
export interface Family {
  id: string;
  name: string;
  /** Selling price per unit. */
  price: number;
  /** Cost per unit. */
  unitCost: number;
  /** Inventory on hand before the first period. */
  openingInventory: number;
  /** Units to keep in stock; defaults to 0. */
  safetyStock?: number;
  /** Periods of cover above which stock counts as overstock; absent means no check. */
  maxCover?: number;
}

/** A key resource whose capacity the plan checks (a line, a cell, a team). */
export interface Resource {
  id: string;
  name: string;
}

/** Hours of a resource that one unit of a family's supply needs. */
export interface Load {
  family: string;
  resource: string;
  hoursPerUnit: number;
}

/** One month of a family's history: what was sold and what had been forecast. */
export interface HistoryPoint {
  actual?: number;
  forecast?: number;
}

/** Values keyed by id, then by month; a missing cell is 0. */
export type Grid = Record<string, Record<Month, number>>;

/** The plan file, format version 1 (domain.md section 3). */
export interface Plan {
  format: 'fulcrum.plan';
  version: 1;
  cycle: Month;
  currency: string;
  periods: Month[];
  families: Family[];
  resources: Resource[];
  loads: Load[];
  demand: Grid;
  supply: Grid;
  capacity: Grid;
  budget: Grid;
  history: Record<string, Record<Month, HistoryPoint>>;
}

/** The state of a family in one period, the first that applies. */
export type FamilyStatus = 'shortage' | 'belowSafetyStock' | 'overstock' | 'ok';

/** One family in one period: its flows (the additive measures) and its stock. */
export interface FamilyRow extends MoneyTotals {
  period: Month;
  projectedInventory: number;
  backlog: number;
  /** Periods of future demand the inventory covers; null when it outlasts the horizon. */
  cover: number | null;
  status: FamilyStatus;
}

/** Sums of the additive measures over families or over periods. */
export interface MoneyTotals {
  demand: number;
  supply: number;
  shipments: number;
  revenue: number;
  cost: number;
  margin: number;
  budget: number;
  budgetGap: number;
  demandValue: number;
}

/** A family's rows over the horizon and their horizon totals. */
export interface FamilyResult {
  id: string;
  name: string;
  rows: FamilyRow[];
  totals: MoneyTotals;
}

/** One resource in one period. */
export interface ResourceRow {
  period: Month;
  load: number;
  capacity: number;
  /** load / capacity; null when capacity is 0. */
  utilization: number | null;
  overload: number;
}

/** A resource's rough-cut capacity check over the horizon. */
export interface ResourceResult {
  id: string;
  name: string;
  rows: ResourceRow[];
}

/** Totals over all families for one period. */
export interface PeriodTotals extends MoneyTotals {
  period: Month;
}

/** The kinds of gap, in the order gaps of equal value and period are listed. */
export const GAP_KINDS = ['shortage', 'belowSafetyStock', 'overload', 'belowBudget'] as const;

/** What kind of problem a gap is. */
export type GapKind = (typeof GAP_KINDS)[number];

/** One offending cell: the work list of the meeting. */
export interface Gap {
  /** Stable id `kind:subject:period`, so notes keyed by it survive recomputation. */
  id: string;
  kind: GapKind;
  /** Family id, or resource id for overloads. */
  subject: string;
  period: Month;
  /** Units, hours (overload) or money (belowBudget). */
  amount: number;
  /** Money at stake. */
  value: number;
}

/** Forecast accuracy measures; each is null where its denominator is 0 or it has no points. */
export interface Accuracy {
  points: number;
  wmape: number | null;
  mape: number | null;
  bias: number | null;
  mad: number | null;
  trackingSignal: number | null;
  fva: number | null;
}

/** The full result of reconciling a plan. */
export interface Reconciliation {
  cycle: Month;
  currency: string;
  periods: Month[];
  families: FamilyResult[];
  resources: ResourceResult[];
  totals: PeriodTotals[];
  gaps: Gap[];
  accuracy: { families: Record<string, Accuracy>; total: Accuracy };
}

/** A measure in two plans. */
export interface Change {
  previous: number;
  current: number;
  delta: number;
  /** delta / previous; null when previous is 0. */
  pct: number | null;
}

/** One family's change between two plans. */
export interface FamilyChange {
  id: string;
  change: 'added' | 'removed' | 'kept';
  demand: Change;
  supply: Change;
  revenue: Change;
}

/** The price-volume-mix bridge of the revenue change; volume + mix + price = total. */
export interface Bridge {
  volume: number;
  mix: number;
  price: number;
  total: number;
}

/** Plan over plan: what changed since the previous cycle. */
export interface Comparison {
  periods: Month[];
  families: FamilyChange[];
  totals: { demand: Change; supply: Change; revenue: Change };
  bridge: Bridge;
}

/** One problem found in a plan file, located by its JSON path (`demand.F9`). */
export interface PlanIssue {
  path: string;
  message: string;
}

/** The outcome of reading a plan file: the plan, or every problem found. */
export type PlanParseResult = { ok: true; plan: Plan } | { ok: false; issues: PlanIssue[] };
