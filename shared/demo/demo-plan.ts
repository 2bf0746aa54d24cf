import { addMonths, isMonth, monthOrdinal } from '../dates.ts';
import { mulberry32 } from '../random.ts';
import type { Family, HistoryPoint, Month, Plan, Resource } from '../engine/types.ts';
import { CATEGORIES, RESOURCE_KINDS, VARIANTS, type Category } from './demo-names.ts';

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

/** Months of history before the cycle that every demo family has. */
export const DEMO_HISTORY_MONTHS = 12;

/**
 * Generates a realistic S&OP plan (format v1) for demos, tests and benchmarks.
 *
 * Every family gets a price, unit cost, opening inventory, usually a safety stock of
 * about half a month and a maximum cover of 3 to 6 months; seasonal, trending demand;
 * a supply plan that tracks demand with lots and lags (chase) or runs at a steady rate
 * (level), so the reconciliation shows some shortages, stock below safety stock and
 * overstock; loads on 1 to 3 shared resources whose capacity sits near their planned
 * load; a budget within 10% of the demand's value; and 12 months of history with
 * actuals and forecasts that have a realistic error and a slight bias per family.
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

  const periods = Array.from({ length: periodCount }, (_, t) => addMonths(cycle, t));
  const first = monthOrdinal(cycle);
  const resources: Resource[] = Array.from({ length: resourceCount }, (_, r) => ({
    id: `R${pad(r + 1, resourceCount)}`,
    name: resourceName(r),
  }));

  const plan: Plan = {
    format: 'fulcrum.plan',
    version: 1,
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
    history: {},
  };
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
    plan.budget[id] = byPeriod(
      periods,
      demand.map((units, t) =>
        Math.round(
          units *
            profile.price *
            (1 + profile.budgetBias + 0.04 * uniform(seed, CHANNEL.budget, f, first + t)),
        ),
      ),
    );
    plan.history[id] = history(seed, f, first, profile);

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

// ---------------------------------------------------------------------------------------
// Random numbers. Streams are keyed by (seed, purpose, index, month) rather than drawn in
// sequence, so that adding a family or moving the cycle leaves the other figures alone.

/** The purposes of the keyed random streams. */
const CHANNEL = {
  family: 1,
  loads: 2,
  demand: 3,
  supply: 4,
  budget: 5,
  actual: 6,
  forecast: 7,
  resource: 8,
  posture: 9,
} as const;

/** Mixes integers into one well-spread 32-bit key (murmur3's finaliser per part). */
function key(seed: number, channel: number, index: number, month = 0): number {
  return mixIn(mixIn(mixIn(mixIn(0x9e3779b9, seed), channel), index), month) >>> 0;
}

function mixIn(hash: number, part: number): number {
  let h = Math.imul(hash ^ (part >>> 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A generator for one (seed, channel, index) stream. */
function stream(seed: number, channel: number, index: number): () => number {
  return mulberry32(key(seed, channel, index));
}

/** Uniform in [-1, 1) for one month of one family. */
function uniform(seed: number, channel: number, index: number, month: number): number {
  return mulberry32(key(seed, channel, index, month))() * 2 - 1;
}

/** Roughly standard normal (Irwin-Hall of 4 uniforms) for one month of one family. */
function noise(seed: number, channel: number, index: number, month: number): number {
  const next = mulberry32(key(seed, channel, index, month));
  return (next() + next() + next() + next() - 2) * 1.7320508;
}

function between(next: () => number, low: number, high: number): number {
  return low + (high - low) * next();
}

// ---------------------------------------------------------------------------------------
// Families.

/** The hidden parameters behind one family's figures. */
interface FamilyProfile {
  category: Category;
  price: number;
  unitCost: number;
  /** Mean monthly demand in units at the cycle, before seasonality. */
  base: number;
  /** Linear growth per year as a fraction of `base`. */
  trend: number;
  /** Seasonal swing as a fraction of the level. */
  amplitude: number;
  /** Month of the year (0 = January) in which demand peaks. */
  peak: number;
  /** Month of the year of the cycle, so `expected` can find the season of an offset. */
  cycleMonth: number;
  openingCover: number;
  safetyCover: number | null;
  maxCover: number | null;
  /** Noise of actual sales around the expected demand. */
  actualNoise: number;
  forecastNoise: number;
  forecastBias: number;
  /** Months of the history (counting back from the cycle) that have a forecast. */
  forecastMonths: number;
  budgetBias: number;
  /**
   * How supply is planned: chase demand, chase it up to a fixed monthly rate
   * (constrained: it runs short in peaks), or produce at a steady rate (level).
   */
  strategy: 'chase' | 'constrained' | 'level';
  /** Chase: relative error of the planner's forecast; level: rate over mean demand - 1. */
  supplyBias: number;
  /** Constrained: the most it can supply in a month, as a multiple of mean demand. */
  rateCap: number;
  targetCover: number;
  lot: number;
  /** Months at the start of the horizon whose supply is already fixed. */
  frozen: number;
  /** How far the fixed months' supply is off the demand (an older plan's view). */
  frozenError: number;
  planningNoise: number;
  /** Hours per unit on the main resource, before the secondary ones are scaled. */
  hours: number;
}

/**
 * How the families' supply is planned, in turn, so that every ten families hold the same
 * mix: mostly chasing demand, two held to a fixed rate (they run short in peaks), two at
 * a steady rate, one building stock ahead (a promotion, a supplier risk: overstock).
 */
const POSTURES = [
  'chase',
  'constrained',
  'chase',
  'level',
  'chase',
  'prebuild',
  'constrained',
  'chase',
  'level',
  'chase',
] as const;

/** Draws a family's parameters; they depend on the seed and the family's index only. */
function familyProfile(seed: number, f: number, first: number): FamilyProfile {
  const next = stream(seed, CHANNEL.family, f);
  const category = CATEGORIES[f % CATEGORIES.length];
  const variant = VARIANTS[Math.floor(f / CATEGORIES.length) % VARIANTS.length];
  const price = clamp(
    round2(category.price * variant.priceFactor * between(next, 0.85, 1.15)),
    5,
    500,
  );
  const unitCost = round2(price * between(next, 0.45, 0.8));
  // Cheap products sell in larger numbers than dear ones.
  const base = Math.max(20, Math.round((60_000 / (price + 15)) * between(next, 0.35, 1.65)));
  // A seasonal category peaks within a month of its usual peak; others barely vary.
  const peak =
    category.peak === null
      ? Math.floor(between(next, 0, 12))
      : (category.peak + Math.floor(between(next, -1, 2)) + 12) % 12;
  const amplitude = category.peak === null ? between(next, 0.02, 0.1) : between(next, 0.18, 0.42);
  const trend = between(next, -0.08, 0.16);
  const openingCover = between(next, 1, 2);
  const safetyCover = next() < 0.88 ? between(next, 0.35, 0.65) : null;
  const maxCover = next() < 0.85 ? Math.round(between(next, 3, 6) * 2) / 2 : null;
  const actualNoise = between(next, 0.06, 0.16);
  const forecastNoise = between(next, 0.03, 0.1);
  const forecastBias = between(next, -0.08, 0.1);
  const forecastMonths = next() < 0.85 ? DEMO_HISTORY_MONTHS : 6 + Math.floor(between(next, 0, 4));
  // With the monthly noise of 4%, a budget stays within 10% of the demand's value.
  const budgetBias = between(next, -0.06, 0.05);
  const posture =
    POSTURES[(f + (key(seed, CHANNEL.posture, 0) % POSTURES.length)) % POSTURES.length];
  const strategy = posture === 'constrained' || posture === 'level' ? posture : 'chase';
  const supplyBias =
    posture === 'level'
      ? between(next, -0.08, 0.22)
      : posture === 'constrained'
        ? between(next, -0.05, 0.05)
        : between(next, -0.12, 0.08);
  const rateCap = between(next, 0.93, 1.03);
  const targetCover = posture === 'prebuild' ? between(next, 2.5, 5) : between(next, 0, 1.2);
  // Most order a fraction of a month; some cheap, bulky products come in big batches.
  const lotCover = next() < 0.8 ? between(next, 0.15, 0.6) : between(next, 2, 4.5);
  const lot = niceNumber(base * lotCover);
  const frozen = Math.floor(between(next, 0, 4));
  const frozenError = between(next, -0.35, 0.2);
  const planningNoise = between(next, 0.03, 0.1);
  const hours = clamp(round2((price / 150) * between(next, 0.5, 1.5)), 0.05, 2);
  return {
    category,
    price,
    unitCost,
    base,
    trend,
    amplitude,
    peak,
    cycleMonth: first % 12,
    openingCover,
    safetyCover,
    maxCover,
    actualNoise,
    forecastNoise,
    forecastBias,
    forecastMonths,
    budgetBias,
    strategy,
    supplyBias,
    rateCap,
    targetCover,
    lot,
    frozen,
    frozenError,
    planningNoise,
    hours,
  };
}

/** cos(2 pi k / 12) for k = 0..11, written out so every engine gets the same bits. */
const SEASON = [1, 0.8660254, 0.5, 0, -0.5, -0.8660254, -1, -0.8660254, -0.5, 0, 0.5, 0.8660254];

/** Expected demand `offset` months after the cycle (before it when negative). */
function expected(profile: FamilyProfile, offset: number): number {
  const level = profile.base * Math.max(0.2, 1 + (profile.trend * offset) / 12);
  const monthOfYear = (((profile.cycleMonth + offset) % 12) + 12) % 12;
  return level * (1 + profile.amplitude * SEASON[(monthOfYear - profile.peak + 12) % 12]);
}

function familyName(f: number): string {
  const category = CATEGORIES[f % CATEGORIES.length].name;
  const round = Math.floor(f / CATEGORIES.length);
  const variant = VARIANTS[round % VARIANTS.length].name;
  const name = variant === '' ? category : `${variant} ${lowerFirst(category)}`;
  const series = Math.floor(round / VARIANTS.length);
  return series === 0 ? name : `${name}, series ${series + 1}`;
}

/** 1 to 3 distinct resources; the first is assigned in turn so every resource is used. */
function familyLoads(
  seed: number,
  f: number,
  resourceCount: number,
  profile: FamilyProfile,
): { resource: number; hoursPerUnit: number }[] {
  const next = stream(seed, CHANNEL.loads, f);
  const draw = next();
  const count = Math.min(resourceCount, draw < 0.5 ? 1 : draw < 0.85 ? 2 : 3);
  const loads = [{ resource: f % resourceCount, hoursPerUnit: profile.hours }];
  while (loads.length < count) {
    const resource = Math.floor(next() * resourceCount);
    if (loads.some((load) => load.resource === resource)) continue;
    // Finishing and packing steps take a fraction of the main step's time.
    const hoursPerUnit = clamp(round2(profile.hours * between(next, 0.15, 0.6)), 0.05, 2);
    loads.push({ resource, hoursPerUnit });
  }
  return loads;
}

// ---------------------------------------------------------------------------------------
// Supply, capacity, history.

/**
 * The supply plan. A chase family orders in lots what brings projected inventory back
 * to safety stock plus a target cover (a large one when it builds stock ahead), from a
 * forecast with some error and bias, after a few months already fixed by an older plan.
 * A constrained family chases demand up to a fixed monthly rate, so it runs short in
 * its peaks. A level family produces at a steady rate near its mean demand, building
 * stock before a peak and running short in it. Together they leave some shortages,
 * stock below safety stock and overstock, on a plan that is mostly fine.
 */
function planSupply(
  seed: number,
  f: number,
  first: number,
  profile: FamilyProfile,
  family: Family,
  demand: number[],
): number[] {
  const horizon = demand.length;
  const meanDemand = demand.reduce((sum, units) => sum + units, 0) / horizon;
  const safetyStock = family.safetyStock ?? 0;
  let inventory = family.openingInventory;
  const supply: number[] = [];
  for (let t = 0; t < horizon; t++) {
    const error = profile.planningNoise * noise(seed, CHANNEL.supply, f, first + t);
    let units: number;
    if (profile.strategy === 'level') {
      units = Math.round(meanDemand * (1 + profile.supplyBias) * (1 + error / 3));
    } else if (t < profile.frozen) {
      units = Math.round(expected(profile, t - 1) * (1 + profile.frozenError + error));
    } else {
      const forecast = expected(profile, t) * (1 + profile.supplyBias + error);
      const nextMonth = t + 1 < horizon ? expected(profile, t + 1) : forecast;
      const need = safetyStock + profile.targetCover * nextMonth + forecast - inventory;
      units = need > 0 ? Math.ceil(need / profile.lot) * profile.lot : 0;
      // A stock build is spread over months: no month makes more than a few months' demand.
      units = Math.min(units, Math.max(profile.lot, Math.round(2.5 * expected(profile, t))));
      if (profile.strategy === 'constrained') {
        units = Math.min(units, Math.round(meanDemand * profile.rateCap));
      }
    }
    units = Math.max(0, units);
    supply.push(units);
    inventory += units - demand[t];
  }
  return supply;
}

/** Capacity near the resource's mean planned load, lower in the holiday months. */
function capacity(seed: number, r: number, first: number, load: number[]): number[] {
  const next = stream(seed, CHANNEL.resource, r);
  const meanLoad = load.reduce((sum, hours) => sum + hours, 0) / load.length;
  // Most resources have headroom; about a quarter are planned tight.
  const headroom = next() < 0.75 ? between(next, 1.1, 1.4) : between(next, 0.97, 1.12);
  const level = meanLoad > 0 ? meanLoad * headroom : between(next, 120, 200);
  return load.map((_, t) => Math.round(level * WORKING_DAYS[(first + t) % 12]));
}

/** Share of a normal month's working time, January first: August and December are short. */
const WORKING_DAYS = [1, 1, 1.04, 0.98, 1, 1.02, 1.02, 0.86, 1.04, 1.04, 1, 0.9];

/** 12 months of actual sales and, for the later months, what had been forecast. */
function history(
  seed: number,
  f: number,
  first: number,
  profile: FamilyProfile,
): Record<Month, HistoryPoint> {
  const points: Record<Month, HistoryPoint> = {};
  for (let back = DEMO_HISTORY_MONTHS; back >= 1; back--) {
    const mean = expected(profile, -back);
    const month = first - back;
    const point: HistoryPoint = {
      actual: Math.max(
        0,
        Math.round(mean * (1 + profile.actualNoise * noise(seed, CHANNEL.actual, f, month))),
      ),
    };
    if (back <= profile.forecastMonths) {
      point.forecast = Math.max(
        0,
        Math.round(
          mean *
            (1 + profile.forecastBias) *
            (1 + profile.forecastNoise * noise(seed, CHANNEL.forecast, f, month)),
        ),
      );
    }
    points[monthFromOrdinal(month)] = point;
  }
  return points;
}

// ---------------------------------------------------------------------------------------
// Small helpers.

function resourceName(r: number): string {
  return `${RESOURCE_KINDS[r % RESOURCE_KINDS.length]} ${Math.floor(r / RESOURCE_KINDS.length) + 1}`;
}

function byPeriod(periods: Month[], values: number[]): Record<Month, number> {
  const row: Record<Month, number> = {};
  periods.forEach((period, t) => (row[period] = values[t]));
  return row;
}

function monthFromOrdinal(ordinal: number): Month {
  return addMonths('0000-01', ordinal);
}

/** Zero-pads an id number to the width of the count, at least two digits. */
function pad(n: number, count: number): string {
  return String(n).padStart(Math.max(2, String(count).length), '0');
}

/** Rounds to two significant digits, the way lot sizes are chosen (137 -> 140). */
function niceNumber(value: number): number {
  let step = 1;
  while (value >= step * 100) step *= 10;
  return Math.max(1, Math.round(value / step) * step);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
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
