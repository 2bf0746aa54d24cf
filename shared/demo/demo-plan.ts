import { addMonths, isMonth, monthOrdinal, monthRange } from '../dates.ts';
import type { ActualMonth, Family, Grid, Month, Plan, Resource } from '../engine/types.ts';
import {
  DEMO_HISTORY_MONTHS,
  expected,
  familyLoads,
  familyName,
  familyProfile,
} from './demo-family.ts';
import { familyPast } from './demo-actuals.ts';
import { RESOURCE_KINDS } from './demo-names.ts';
import { CHANNEL, noise, uniform } from './demo-streams.ts';
import { capacity, history, planSupply } from './demo-supply.ts';

export { DEMO_HISTORY_MONTHS };

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
}

/** The options {@link generateDemoPlan} uses for those not given. */
export const DEMO_PLAN_DEFAULTS: Readonly<Required<DemoPlanOptions>> = Object.freeze({
  families: 12,
  periods: 18,
  resources: 4,
  seed: 1,
  cycle: '2026-12',
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
  if (
    !isMonth(addMonths(cycle, -DEMO_HISTORY_MONTHS)) ||
    !isMonth(addMonths(cycle, periodCount - 1))
  ) {
    throw new RangeError(
      `cycle ${cycle} leaves no room for ${DEMO_HISTORY_MONTHS} months of history and ${periodCount} periods within the years 0000 to 9999`,
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

  for (let f = 0; f < familyCount; f++) {
    const id = `F${pad(f + 1, familyCount)}`;
    const profile = familyProfile(seed, f, first);
    const demand = periods.map((_, t) =>
      Math.round(expected(profile, t) * (1 + 0.06 * noise(seed, CHANNEL.demand, f, first + t))),
    );
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
    const past = familyPast(seed, f, first, profile, family, history(seed, f, first, profile));
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
  return plan;
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
