/**
 * Types of the plan file (format v2, domain.md section 3) and of the engine's results.
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
  /** Inventory on hand before the first period; negative: a backlog owed at the start. */
  openingInventory: number;
  /** Units to keep in stock; defaults to 0. */
  safetyStock?: number;
  /** Periods of cover above which stock counts as overstock; absent means no check. */
  maxCover?: number;
  /** Monthly cost of holding stock as a share of unit cost; absent: the plan's setting. */
  holdingRate?: number;
}

/** A key resource whose capacity the plan checks (a line, a cell, a team). */
export interface Resource {
  id: string;
  name: string;
  /** What one hour above the base plan's capacity costs; absent: 0. */
  extraHourCost?: number;
}

/** Hours of a resource that one unit of a family's supply needs. */
export interface Load {
  family: string;
  resource: string;
  hoursPerUnit: number;
}

/**
 * One month of a family's history before the horizon: what was sold (`actual`, units,
 * read when `actuals` records no `ordered`) and what the plans of that month had.
 */
export interface HistoryPoint {
  actual?: number;
  /** The demand the plan had for the month. */
  forecast?: number;
  /** The supply (production) the plan had for the month. */
  plannedSupply?: number;
  /** The shipments the plan projected for the month. */
  plannedShipments?: number;
}

/** What happened in one family's ended month (domain.md section 3); every field optional. */
export interface ActualMonth {
  /** Units ordered: the demand actual. */
  ordered?: number;
  /** Units shipped in the month. */
  shipped?: number;
  /** Units of the month's orders shipped by the requested date. */
  shippedOnTime?: number;
  /** Orders placed. */
  orders?: number;
  /** Orders delivered on time and in full. */
  ordersOnTimeInFull?: number;
  /** Units produced. */
  produced?: number;
  /** Closing on-hand stock, units. */
  onHand?: number;
  /** Open backordered units at the month's end. */
  backorders?: number;
  /** The month's revenue budget (money); absent: no budget. */
  revenueBudget?: number;
  /** The month's margin budget (money); absent: no budget. */
  marginBudget?: number;
}

/** The fields of {@link ActualMonth}, in the order files and tables list them. */
export const ACTUAL_FIELDS = [
  'ordered',
  'shipped',
  'shippedOnTime',
  'orders',
  'ordersOnTimeInFull',
  'produced',
  'onHand',
  'backorders',
  'revenueBudget',
  'marginBudget',
] as const satisfies readonly (keyof ActualMonth)[];

/** The plan's settings (domain.md section 3); every field optional, see `planSettings`. */
export interface PlanSettings {
  /** A month is below budget when revenue < budget × (1 − tolerance). */
  budgetTolerance?: number;
  /** Points (latest months with actual and forecast) the tracking signal reads. */
  trackingWindow?: number;
  /** The tracking signal is in alarm beyond ± this. */
  trackingLimit?: number;
  /** Month number (1 to 12) in which the fiscal year starts. */
  fiscalYearStart?: number;
  /** Monthly cost of holding stock as a share of unit cost. */
  holdingRate?: number;
  /** Cost of a backordered unit per month late, as a share of its price. */
  backlogPenaltyRate?: number;
  /** Cost of a unit below safety stock per month, as a share of unit cost. */
  safetyShortfallPenalty?: number;
}

/**
 * Values keyed by id, then by month. A missing demand, supply or capacity cell is 0; a
 * missing budget cell is no budget (domain.md section 3).
 */
export type Grid = Record<string, Record<Month, number>>;

/** The plan file, format version 2 (domain.md section 3); version 1 files read as it. */
export interface Plan {
  format: 'fulcrum.plan';
  version: 2;
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
  /** Margin budget per family and month; absent cells: no budget. */
  marginBudget?: Grid;
  history: Record<string, Record<Month, HistoryPoint>>;
  /** What happened, per family and ended month. */
  actuals?: Record<string, Record<Month, ActualMonth>>;
  settings?: PlanSettings;
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
