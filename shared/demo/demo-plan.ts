import { addMonths, isMonth, monthOrdinal, monthRange } from '../dates.ts';
import { consensusOf, DEFAULT_STREAMS } from '../engine/demand-streams.ts';
import type {
  ActualMonth,
  DemandStreams,
  Family,
  ForecastSnapshot,
  Grid,
  HistoryMark,
  HistoryPoint,
  Month,
  Plan,
  Resource,
  SnapshotCell,
} from '../engine/types.ts';
import { demoFamilyStreams, demoForecastLag, demoOneOff } from './demo-adjustments.ts';
import {
  DEMO_HISTORY_MONTHS,
  expected,
  familyLoads,
  familyName,
  familyProfile,
} from './demo-family.ts';
import { familyPast } from './demo-actuals.ts';
import { RESOURCE_KINDS } from './demo-names.ts';
import { DEMO_REVIEW_HISTORY_MONTHS, familyReview } from './demo-review.ts';
import { CHANNEL, noise, uniform } from './demo-streams.ts';
import { actualDemand, capacity, history, planSupply } from './demo-supply.ts';

export { DEMO_HISTORY_MONTHS, DEMO_REVIEW_HISTORY_MONTHS };

/**
 * Months at the start of the horizon with a revenue and margin budget: a budget is set
 * for a year, so a longer horizon has unbudgeted months past it.
 */
export const DEMO_BUDGET_MONTHS = 12;

/** Options of {@link generateDemoPlan}; every one is optional. */
export interface DemoPlanOptions {
  /** Number of product families (default 12). */
  families?: number;
  /** Number of consecutive months in the horizon, starting at `cycle` (default 18). */
  periods?: number;
  /** Number of key resources (default 4). */
  resources?: number;
  /** Seed of the pseudo-random numbers; the same seed gives the same plan (default 1). */
  seed?: number;
  /** The cycle month, `YYYY-MM`, which is also the first period (default `2026-12`). */
  cycle?: string;
  /**
   * Adds the demand review's story (default false): {@link DEMO_REVIEW_HISTORY_MONTHS}
   * months of history, the forecasts frozen at the close of the last closed cycles, the
   * current cycle's statistical baseline with sales and marketing adjustments and an
   * override, and two families judged at a longer lead time. It runs the statistical
   * baseline once per family and cycle, so it is meant for the demo workspace's dozen
   * families rather than for benchmark sizes.
   */
  demandReview?: boolean;
}

/** The options {@link generateDemoPlan} uses for those not given. */
export const DEMO_PLAN_DEFAULTS: Readonly<Required<DemoPlanOptions>> = Object.freeze({
  families: 12,
  periods: 18,
  resources: 4,
  seed: 1,
  cycle: '2026-12',
  demandReview: false,
});

/** Inclusive bounds of the numeric options of {@link generateDemoPlan}. */
export const DEMO_PLAN_LIMITS = Object.freeze({
  families: Object.freeze({ min: 1, max: 10_000 }),
  periods: Object.freeze({ min: 1, max: 60 }),
  resources: Object.freeze({ min: 1, max: 1_000 }),
  seed: Object.freeze({ min: 0, max: 0xffff_ffff }),
});

/**
 * Generates a realistic S&OP plan (format v2) for demos, tests and benchmarks.
 *
 * Every family gets a price, unit cost, opening inventory, usually a safety stock of
 * about half a month and a maximum cover of 3 to 6 months; seasonal, trending demand;
 * a supply plan that tracks demand with lots and lags (chase) or runs at a steady rate
 * (level), so the reconciliation shows some shortages, stock below safety stock and
 * overstock; loads on 1 to 3 shared resources whose capacity sits near their planned
 * load; a revenue and margin budget within 10% of the demand's value for the first
 * {@link DEMO_BUDGET_MONTHS} months (none after); and 12 months of history with
 * actuals and forecasts that have a realistic error and a slight bias per family, what
 * the closed cycles planned to supply and ship in them, and what happened (`actuals`:
 * orders, shipments on time or late, production, stock, backorders, budgets), with
 * some families serving less than every order on time.
 *
 * Pure and deterministic: no clock and no `Math.random`; the same options give a
 * deep-equal plan and byte-identical JSON. Only exact IEEE arithmetic is used (no
 * `Math.sin`/`Math.exp`), so the plan is also the same in every JavaScript engine.
 * A family's own figures do not depend on how many families are asked for, and a
 * month's random variation does not depend on the cycle, so the plans of two
 * consecutive cycles with one seed read like this month's plan and last month's.
 *
 * @throws RangeError when an option is outside {@link DEMO_PLAN_LIMITS} or not an
 *   integer, or `cycle` is not a month written `YYYY-MM` (or so close to the year 0000
 *   or 9999 that the history or the horizon would leave them).
 */
export function generateDemoPlan(options: DemoPlanOptions = {}): Plan {
  const {
    families: familyCount,
    periods: periodCount,
    resources: resourceCount,
    seed,
    cycle,
    demandReview,
  } = {
    ...DEMO_PLAN_DEFAULTS,
    ...definedOnly(options),
  };
  checkInteger('families', familyCount, DEMO_PLAN_LIMITS.families);
  checkInteger('periods', periodCount, DEMO_PLAN_LIMITS.periods);
  checkInteger('resources', resourceCount, DEMO_PLAN_LIMITS.resources);
  checkInteger('seed', seed, DEMO_PLAN_LIMITS.seed);
  if (!isMonth(cycle)) {
    throw new RangeError(`cycle must be a month written YYYY-MM, got ${JSON.stringify(cycle)}`);
  }
  const historyMonths = demandReview ? DEMO_REVIEW_HISTORY_MONTHS : DEMO_HISTORY_MONTHS;
  if (!isMonth(addMonths(cycle, -historyMonths)) || !isMonth(addMonths(cycle, periodCount - 1))) {
    throw new RangeError(
      `cycle ${cycle} leaves no room for ${historyMonths} months of history and ${periodCount} periods within the years 0000 to 9999`,
    );
  }

  const periods = monthRange(cycle, periodCount);
  const first = monthOrdinal(cycle);
  const resources: Resource[] = Array.from({ length: resourceCount }, (_, r) => ({
    id: `R${pad(r + 1, resourceCount)}`,
    name: resourceName(r),
  }));

  const marginBudget: Grid = {};
  const actuals: Record<string, Record<Month, ActualMonth>> = {};
  const plan: Plan = {
    format: 'fulcrum.plan',
    version: 2,
    cycle,
    currency: 'EUR',
    periods,
    families: [],
    resources,
    loads: [],
    demand: {},
    supply: {},
    capacity: {},
    budget: {},
    marginBudget,
    history: {},
    actuals,
  };
  const budgeted = periods.slice(0, DEMO_BUDGET_MONTHS);
  const loadHours: number[][] = resources.map(() => periods.map(() => 0));

  const review = demandReview ? new ReviewCollector(cycle, periods) : null;

  for (let f = 0; f < familyCount; f++) {
    const id = `F${pad(f + 1, familyCount)}`;
    const profile = familyProfile(seed, f, first);
    const family: Family = {
      id,
      name: familyName(f),
      price: profile.price,
      unitCost: profile.unitCost,
      openingInventory: Math.round(expected(profile, 0) * profile.openingCover),
    };
    if (profile.safetyCover !== null)
      family.safetyStock = Math.round(profile.base * profile.safetyCover);
    if (profile.maxCover !== null) family.maxCover = profile.maxCover;
    plan.families.push(family);

    const points = history(seed, f, first, profile, historyMonths);
    const demand = review
      ? review.add(seed, f, family, points, (ordinal) =>
          actualDemand(seed, f, first, profile, ordinal),
        )
      : periods.map((_, t) =>
          Math.round(expected(profile, t) * (1 + 0.06 * noise(seed, CHANNEL.demand, f, first + t))),
        );

    const supply = planSupply(seed, f, first, profile, family, demand);
    plan.demand[id] = byPeriod(periods, demand);
    plan.supply[id] = byPeriod(periods, supply);
    const budgetFactor = (t: number) =>
      1 + profile.budgetBias + 0.04 * uniform(seed, CHANNEL.budget, f, first + t);
    plan.budget[id] = byPeriod(
      budgeted,
      budgeted.map((_, t) => Math.round(demand[t] * profile.price * budgetFactor(t))),
    );
    marginBudget[id] = byPeriod(
      budgeted,
      budgeted.map((_, t) =>
        Math.round(demand[t] * (profile.price - profile.unitCost) * budgetFactor(t)),
      ),
    );
    const past = familyPast(seed, f, first, profile, family, points, historyMonths);
    plan.history[id] = past.history;
    actuals[id] = past.actuals;

    for (const { resource, hoursPerUnit } of familyLoads(seed, f, resourceCount, profile)) {
      plan.loads.push({ family: id, resource: resources[resource].id, hoursPerUnit });
      supply.forEach((units, t) => (loadHours[resource][t] += units * hoursPerUnit));
    }
  }

  resources.forEach((resource, r) => {
    plan.capacity[resource.id] = byPeriod(periods, capacity(seed, r, first, loadHours[r]));
  });
  review?.addTo(plan);
  return plan;
}

/**
 * Gathers the demand review of each family in turn (see `familyReview`) into the plan's
 * snapshots, streams, history marks and lags.
 */
class ReviewCollector {
  readonly #cycle: Month;
  readonly #periods: Month[];
  readonly #snapshots = new Map<Month, Record<string, Record<Month, SnapshotCell>>>();
  readonly #streams: DemandStreams = {
    streams: [...DEFAULT_STREAMS],
    baseline: {},
    adjustments: {},
    overrides: {},
  };
  readonly #marks: Record<string, Record<Month, HistoryMark>> = {};

  constructor(cycle: Month, periods: Month[]) {
    this.#cycle = cycle;
    this.#periods = periods;
  }

  /**
   * Adds one family: puts its one-off promotion (if any) in its history `points` and
   * marks it, runs its demand review, replaces the history's forecasts with what each
   * month's own cycle froze (its consensus), sets its lag and returns the consensus
   * demand per period. `truth(ordinal)` is what customers order in a month.
   */
  add(
    seed: number,
    f: number,
    family: Family,
    points: Record<Month, HistoryPoint>,
    truth: (ordinal: number) => number,
  ): number[] {
    const cycle = this.#cycle;
    const oneOff = demoOneOff(f);
    const marks: Record<Month, HistoryMark> = {};
    if (oneOff) {
      const month = addMonths(cycle, -oneOff.back);
      points[month].actual = Math.round((points[month].actual ?? 0) * oneOff.uplift);
      marks[month] = 'oneOff';
      this.#marks[family.id] = marks;
    }
    const lag = demoForecastLag(f);
    if (lag !== undefined) family.forecastLag = lag;
    const actual = (month: Month) =>
      month < cycle ? (points[month]?.actual ?? 0) : truth(monthOrdinal(month));
    const { snapshots, baseline } = familyReview(
      seed,
      f,
      family,
      cycle,
      this.#periods,
      points,
      marks,
      actual,
    );
    for (const point of Object.values(points)) delete point.forecast;
    for (const snapshot of snapshots) {
      const families = this.#snapshots.get(snapshot.cycle) ?? {};
      families[family.id] = snapshot.cells;
      this.#snapshots.set(snapshot.cycle, families);
      // What the plan had for a month is what its own cycle froze: lag 0 of the snapshots.
      const own = points[snapshot.cycle];
      if (own) own.forecast = snapshot.cells[snapshot.cycle].consensus;
    }
    const row = byPeriod(this.#periods, baseline);
    const streams = demoFamilyStreams(f, this.#periods, row);
    if (Object.keys(streams.baseline).length > 0) {
      this.#streams.baseline[family.id] = streams.baseline;
    }
    if (Object.keys(streams.adjustments).length > 0) {
      this.#streams.adjustments[family.id] = streams.adjustments;
    }
    if (Object.keys(streams.overrides).length > 0) {
      this.#streams.overrides[family.id] = streams.overrides;
    }
    return this.#periods.map((month) =>
      month in streams.baseline
        ? consensusOf({
            baseline: row[month],
            adjustments: streams.adjustments[month] ?? {},
            ...(streams.overrides[month] && { override: streams.overrides[month] }),
          })
        : row[month],
    );
  }

  /** Writes what the families' reviews made into the plan. */
  addTo(plan: Plan): void {
    plan.demandStreams = this.#streams;
    plan.forecastSnapshots = [...this.#snapshots.keys()]
      .sort()
      .map((cycle): ForecastSnapshot => ({ cycle, families: this.#snapshots.get(cycle)! }));
    plan.historyMarks = this.#marks;
  }
}

function resourceName(r: number): string {
  return `${RESOURCE_KINDS[r % RESOURCE_KINDS.length]} ${Math.floor(r / RESOURCE_KINDS.length) + 1}`;
}

function byPeriod(periods: Month[], values: number[]): Record<Month, number> {
  const row: Record<Month, number> = {};
  periods.forEach((period, t) => (row[period] = values[t]));
  return row;
}

/** Zero-pads an id number to the width of the count, at least two digits. */
function pad(n: number, count: number): string {
  return String(n).padStart(Math.max(2, String(count).length), '0');
}

function definedOnly(options: DemoPlanOptions): DemoPlanOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function checkInteger(name: string, value: number, limits: { min: number; max: number }): void {
  if (!Number.isInteger(value) || value < limits.min || value > limits.max) {
    throw new RangeError(
      `${name} must be an integer from ${limits.min} to ${limits.max}, got ${String(value)}`,
    );
  }
}
