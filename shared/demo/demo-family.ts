import { CATEGORIES, VARIANTS, type Category } from './demo-names.ts';
import { between, CHANNEL, key, stream } from './demo-streams.ts';

/**
 * A demo family's hidden parameters and the shape of its demand: what it costs and sells
 * for, how its demand trends and peaks, how its supply is planned and which resources it
 * loads. They depend on the seed and the family's index only.
 */

/** Months of history before the cycle of a demo plan (36 with the demand review). */
export const DEMO_HISTORY_MONTHS = 12;

/** The hidden parameters behind one family's figures. */
export interface FamilyProfile {
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
export function familyProfile(seed: number, f: number, first: number): FamilyProfile {
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
export function expected(profile: FamilyProfile, offset: number): number {
  const level = profile.base * Math.max(0.2, 1 + (profile.trend * offset) / 12);
  const monthOfYear = (((profile.cycleMonth + offset) % 12) + 12) % 12;
  return level * (1 + profile.amplitude * SEASON[(monthOfYear - profile.peak + 12) % 12]);
}

/** The family's name: its category, a variant, and a series once those run out. */
export function familyName(f: number): string {
  const category = CATEGORIES[f % CATEGORIES.length].name;
  const round = Math.floor(f / CATEGORIES.length);
  const variant = VARIANTS[round % VARIANTS.length].name;
  const name = variant === '' ? category : `${variant} ${lowerFirst(category)}`;
  const series = Math.floor(round / VARIANTS.length);
  return series === 0 ? name : `${name}, series ${series + 1}`;
}

/** 1 to 3 distinct resources; the first is assigned in turn so every resource is used. */
export function familyLoads(
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

/** Rounds to two significant digits, the way lot sizes are chosen (137 -> 140). */
function niceNumber(value: number): number {
  let step = 1;
  while (value >= step * 100) step *= 10;
  return Math.max(1, Math.round(value / step) * step);
}

/** Rounds to cents. */
function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
