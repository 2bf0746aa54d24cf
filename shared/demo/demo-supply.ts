import { addMonths } from '../dates.ts';
import type { Family, HistoryPoint, Month } from '../engine/types.ts';
import { expected, type FamilyProfile } from './demo-family.ts';
import { between, CHANNEL, noise, stream } from './demo-streams.ts';

/** A demo family's supply plan, a resource's capacity and a family's sales history. */

/**
 * The supply plan. A chase family orders in lots what brings projected inventory back
 * to safety stock plus a target cover (a large one when it builds stock ahead), from a
 * forecast with some error and bias, after a few months already fixed by an older plan.
 * A constrained family chases demand up to a fixed monthly rate, so it runs short in
 * its peaks. A level family produces at a steady rate near its mean demand, building
 * stock before a peak and running short in it. Together they leave some shortages,
 * stock below safety stock and overstock, on a plan that is mostly fine.
 */
export function planSupply(
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
export function capacity(seed: number, r: number, first: number, load: number[]): number[] {
  const next = stream(seed, CHANNEL.resource, r);
  const meanLoad = load.reduce((sum, hours) => sum + hours, 0) / load.length;
  // Most resources have headroom; about a quarter are planned tight.
  const headroom = next() < 0.75 ? between(next, 1.1, 1.4) : between(next, 0.97, 1.12);
  const level = meanLoad > 0 ? meanLoad * headroom : between(next, 120, 200);
  return load.map((_, t) => Math.round(level * WORKING_DAYS[(first + t) % 12]));
}

/** Share of a normal month's working time, January first: August and December are short. */
const WORKING_DAYS = [1, 1, 1.04, 0.98, 1, 1.02, 1.02, 0.86, 1.04, 1.04, 1, 0.9];

/**
 * `months` months of actual sales before the cycle and, for the later months (at most
 * a year), what had been forecast.
 */
export function history(
  seed: number,
  f: number,
  first: number,
  profile: FamilyProfile,
  months: number,
): Record<Month, HistoryPoint> {
  const points: Record<Month, HistoryPoint> = {};
  for (let back = months; back >= 1; back--) {
    const mean = expected(profile, -back);
    const month = first - back;
    const point: HistoryPoint = { actual: actualDemand(seed, f, first, profile, month) };
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

/**
 * The units customers order in the month of ordinal `month` (a history's actual): the
 * expected demand with the family's noise. For a month at or after the cycle it is what
 * will happen, which the plan does not know.
 */
export function actualDemand(
  seed: number,
  f: number,
  first: number,
  profile: FamilyProfile,
  month: number,
): number {
  const mean = expected(profile, month - first);
  return Math.max(
    0,
    Math.round(mean * (1 + profile.actualNoise * noise(seed, CHANNEL.actual, f, month))),
  );
}

function monthFromOrdinal(ordinal: number): Month {
  return addMonths('0000-01', ordinal);
}
