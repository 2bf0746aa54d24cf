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
  /**
   * The lead time, in months, at which the family's forecast is judged (domain.md 4.12):
   * a month's forecast is the one frozen that many cycles before it. 0 to 6; absent: 1.
   */
  forecastLag?: number;
  /** The least the constrained plan makes of the family in a month (units); absent: 0. */
  minSupply?: number;
  /** The most the constrained plan makes of the family in a month (units); absent: no limit. */
  maxSupply?: number;
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
  /** The most overtime a resource may work in a month, as a share of its capacity. */
  overtimeShare?: number;
  /**
   * What the constrained plan pays per unit it moves away from the supply typed in, as a
   * share of unit cost: small, so the plan stays where it can.
   */
  planChangePenalty?: number;
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
  /**
   * How demand was built, where functions adjusted it (domain.md 4.12). `demand` holds
   * the consensus the plan uses; this section holds the streams under it.
   */
  demandStreams?: DemandStreams;
  /** The forecasts frozen at the close of earlier cycles, oldest first (domain.md 4.12). */
  forecastSnapshots?: ForecastSnapshot[];
  /**
   * Months of a family's demand history a person marked (domain.md 4.12): `keep` a
   * flagged outlier as real, or replace a `oneOff` (a promotion) as an outlier is.
   */
  historyMarks?: Record<string, Record<Month, HistoryMark>>;
}

/** How the baseline treats a month of history a person marked. */
export type HistoryMark = 'keep' | 'oneOff';

/** One function's adjustment of a family-month's baseline: how much, who, and why. */
export interface StreamAdjustment {
  /** Units added to the baseline (negative: taken off). */
  amount: number;
  /** Who made it, as their invite names them. */
  author: string;
  /** A reason code (see `ADJUSTMENT_REASONS`). */
  reason: string;
  note?: string;
  /** When it was made (ISO time). */
  at?: string;
}

/** A consensus set by hand for a family-month, which wins over the sum of the streams. */
export interface ConsensusOverride {
  value: number;
  author: string;
  reason: string;
  note?: string;
  at?: string;
}

/**
 * Demand as a stack of streams per family and month: the statistical baseline, each
 * function's adjustment and, rarely, a consensus set by hand. The plan's `demand` is
 * the consensus; `baseline` keeps the baseline of each family-month that has an
 * adjustment or an override (elsewhere the consensus is the baseline).
 */
export interface DemandStreams {
  /** The adjustment streams in the order they are applied: functions (sales, marketing). */
  streams: string[];
  baseline: Grid;
  adjustments: Record<string, Record<Month, Record<string, StreamAdjustment>>>;
  overrides: Record<string, Record<Month, ConsensusOverride>>;
}

/** One family-month of a frozen forecast: the baseline, each stream's amount, the consensus. */
export interface SnapshotCell {
  baseline: number;
  adjustments: Readonly<Record<string, number>>;
  consensus: number;
}

/**
 * The forecast as it stood when cycle `cycle` closed, per family and month, for the
 * months a lag can reach. A month's lag is the months from `cycle` to it.
 */
export interface ForecastSnapshot {
  cycle: Month;
  families: Readonly<Record<string, Readonly<Record<Month, SnapshotCell>>>>;
}

/** The state of a family in one period, the first that applies. */
export type FamilyStatus = 'shortage' | 'belowSafetyStock' | 'overstock' | 'ok';

/**
 * One family in one period: its flows and its stock (domain.md 4.1 to 4.4). `budget` and
 * `budgetGap` are null in a month without a budget.
 */
export interface FamilyRow extends Omit<
  MoneyTotals,
  'budget' | 'budgetGap' | 'budgetedRevenue' | 'unbudgetedRevenue'
> {
  period: Month;
  projectedInventory: number;
  backlog: number;
  /**
   * Periods of future demand the inventory covers, months past the horizon at the
   * average demand of its last three; null only when that average is 0.
   */
  cover: number | null;
  /** The stock target (domain.md 4.3); null without a max cover. */
  stockTarget: number | null;
  status: FamilyStatus;
  budget: number | null;
  budgetGap: number | null;
}

/**
 * Sums of the additive measures (flows) over families or over periods. Budget sums
 * compare like with like (domain.md 4.4): `budget` and `budgetGap` are over the
 * family-months with a budget, `budgetedRevenue` is the revenue of those same
 * family-months and `unbudgetedRevenue` the revenue of the others.
 */
export interface MoneyTotals {
  demand: number;
  supply: number;
  shipments: number;
  revenue: number;
  cost: number;
  margin: number;
  budget: number;
  /** budgetedRevenue − budget. */
  budgetGap: number;
  demandValue: number;
  budgetedRevenue: number;
  unbudgetedRevenue: number;
}

/** A family's backlog: a stock, so reported at its peak and at the horizon's end. */
export interface FamilyBacklog {
  /** The largest backlog in any month (units). */
  peak: number;
  /** The first month of that peak; null when the family never has a backlog. */
  peakPeriod: Month | null;
  /** The backlog at the horizon's end (units). */
  end: number;
}

/** A family's rows over the horizon and their horizon totals. */
export interface FamilyResult {
  id: string;
  name: string;
  rows: FamilyRow[];
  totals: MoneyTotals;
  backlog: FamilyBacklog;
}

/** Backlog over all families, in money (units of families never add). */
export interface BacklogTotals {
  /** The largest month's Σ backlog × price (a month, never a sum over months). */
  peakValue: number;
  /** That month; null when no family has a backlog. */
  peakPeriod: Month | null;
  /** Σ backlog at the horizon's end × price: revenue still owed then. */
  unshippedDemand: number;
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

/** The kinds of gap, in the order gaps of equal value and first month are listed. */
export const GAP_KINDS = [
  'shortage',
  'belowSafetyStock',
  'overload',
  'belowBudget',
  'excessInventory',
] as const;

/** What kind of problem a gap is. */
export type GapKind = (typeof GAP_KINDS)[number];

/** Kinds whose value is money at price; the others' is money at unit cost (domain.md 4.6). */
export const GAP_KINDS_AT_PRICE: readonly GapKind[] = ['shortage', 'overload', 'belowBudget'];

/**
 * One problem of the work list (domain.md 4.6): an episode of a family (consecutive months
 * in one condition) or an overloaded resource-month.
 */
export interface Gap {
  /** Stable id `kind:subject:first month`, so work kept under it survives recomputation. */
  id: string;
  kind: GapKind;
  /** Family id, or resource id for overloads. */
  subject: string;
  /** The first month of the episode (the month, for an overload). */
  period: Month;
  /** The episode's last month. */
  last: Month;
  /** The month of the amount (the earliest on ties). */
  peak: Month;
  /**
   * Shortage: peak backlog (units); belowSafetyStock: largest shortfall below safety
   * stock (units); overload: hours; belowBudget: the episode's whole shortfall (money);
   * excessInventory: largest excess over the stock target (units).
   */
  amount: number;
  /** Money at stake: at price for shortage, overload and belowBudget, at cost otherwise. */
  value: number;
  /**
   * belowBudget only: the family's revenue − budget over its budgeted months of the
   * fiscal year holding `period`, within the horizon.
   */
  yearVariance?: number;
}

/** Count and value of one kind of gap: kinds are never added together. */
export interface GapKindSummary {
  count: number;
  value: number;
}

/** Forecast accuracy measures; each is null where its denominator is 0 or it has no points. */
export interface Accuracy {
  /** Months with both a demand actual and a forecast. */
  points: number;
  wmape: number | null;
  mape: number | null;
  /** Over every point (positive: over-forecast). */
  bias: number | null;
  mad: number | null;
  /**
   * Σ (forecast − actual) / MAD over the last `trackingPoints` points (the window);
   * always null in the total: signals are not pooled.
   */
  trackingSignal: number | null;
  /** Points the tracking signal read (at most the window). */
  trackingPoints: number;
  /** Bias over the same window as the tracking signal. */
  windowBias: number | null;
  /** The tracking signal is beyond ± the limit. */
  alarm: boolean;
  fva: number | null;
  /**
   * The lead time the points were judged at, in months: the family's setting when a
   * snapshot that old exists for one of its months, else 0 (the forecast of the month
   * itself, from the history). In the total, the most common lag.
   */
  lag: number;
  /** The family's lag setting (in the total: families judged at lag 0 for want of snapshots). */
  lagSet: number;
}

/** Accuracy over all families: pooled measures, and the families in alarm (no pooled signal). */
export interface AccuracyTotal extends Accuracy {
  /** Families whose tracking signal is beyond the limit. */
  inAlarm: number;
  /** Families with at least one point (whose signal could be read). */
  tracked: number;
}

/** The full result of reconciling a plan. */
export interface Reconciliation {
  cycle: Month;
  currency: string;
  periods: Month[];
  families: FamilyResult[];
  resources: ResourceResult[];
  totals: PeriodTotals[];
  /** Budget and revenue over the whole horizon and every family, like with like. */
  horizon: MoneyTotals;
  backlog: BacklogTotals;
  gaps: Gap[];
  /** Count and value of the gaps per kind. */
  gapSummary: Record<GapKind, GapKindSummary>;
  accuracy: { families: Record<string, Accuracy>; total: AccuracyTotal };
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

/** The margin change split into volume, mix, price and cost (domain.md 4.10). */
export interface MarginBridgeTotals {
  previous: number;
  current: number;
  volume: number;
  mix: number;
  price: number;
  cost: number;
  total: number;
}

/** Plan over plan: what changed since the previous cycle. */
export interface Comparison {
  periods: Month[];
  families: FamilyChange[];
  totals: { demand: Change; supply: Change; revenue: Change };
  bridge: Bridge;
  marginBridge: MarginBridgeTotals;
}

/** One problem found in a plan file, located by its JSON path (`demand.F9`). */
export interface PlanIssue {
  path: string;
  message: string;
}

/** The outcome of reading a plan file: the plan, or every problem found. */
export type PlanParseResult = { ok: true; plan: Plan } | { ok: false; issues: PlanIssue[] };
