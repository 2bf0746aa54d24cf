/**
 * The margin bridge (domain.md 4.10): the change in margin between a plan and another
 * (plan over plan) or between what was planned and what happened (actual vs plan), split
 * into volume, mix, price and cost. Pure and deterministic.
 */

import { addMonths } from '../dates.ts';
import { reconcile } from './reconcile.ts';
import type { FamilyRow, Month, Plan } from './types.ts';

/** One family's shipment units at its price and unit cost, on one side of the bridge. */
export interface BridgeSide {
  units: number;
  price: number;
  unitCost: number;
}

/** One family on both sides; absent on a side: the family is not in that plan (0 units). */
export interface BridgeLine {
  id: string;
  previous?: BridgeSide;
  current?: BridgeSide;
}

/**
 * The margin change split into volume, mix, price and cost, which sum to
 * `total = current − previous` (exactly, but for floating-point rounding).
 */
export interface MarginBridge {
  /** M0 = Σ Q0 × (P0 − C0). */
  previous: number;
  /** M1 = Σ Q1 × (P1 − C1). */
  current: number;
  /** (T1 − T0) × M0 / T0 (0 when T0 is 0). */
  volume: number;
  /** Σ Q1 × m0 − T1 × M0 / T0. */
  mix: number;
  /** Σ (P1 − P0) × Q1. */
  price: number;
  /** −Σ (C1 − C0) × Q1. */
  cost: number;
  /** M1 − M0. */
  total: number;
}

/**
 * The margin bridge of domain.md 4.10 over families on two sides, with unit margin
 * `m = P − C` and `M = Σ Q × m`: `volume = (T1 − T0) × M0 / T0` (0 when T0 is 0),
 * `mix = Σ Q1 × m0 − T1 × M0 / T0`, `price = Σ (P1 − P0) × Q1`, `cost = −Σ (C1 − C0) ×
 * Q1`; a family new on the current side takes P0 = P1 and C0 = C1. Then
 * `volume + mix + price + cost = M1 − M0`.
 */
export function marginBridge(lines: readonly BridgeLine[]): MarginBridge {
  let units0 = 0;
  let units1 = 0;
  let margin0 = 0;
  let margin1 = 0;
  let units1AtOldMargin = 0;
  let price = 0;
  let cost = 0;
  for (const { previous, current } of lines) {
    if (previous !== undefined) {
      units0 += previous.units;
      margin0 += previous.units * (previous.price - previous.unitCost);
    }
    if (current !== undefined) {
      const oldPrice = previous?.price ?? current.price;
      const oldCost = previous?.unitCost ?? current.unitCost;
      units1 += current.units;
      margin1 += current.units * (current.price - current.unitCost);
      units1AtOldMargin += current.units * (oldPrice - oldCost);
      price += (current.price - oldPrice) * current.units;
      cost -= (current.unitCost - oldCost) * current.units;
    }
  }
  const averageMargin0 = units0 === 0 ? 0 : margin0 / units0;
  return {
    previous: margin0,
    current: margin1,
    volume: (units1 - units0) * averageMargin0,
    mix: units1AtOldMargin - units1 * averageMargin0,
    price,
    cost,
    total: margin1 - margin0,
  };
}

/** The part of a reconciliation the plan-over-plan bridge reads. */
export interface BridgeSource {
  periods: readonly Month[];
  families: readonly {
    readonly id: string;
    readonly rows: readonly Pick<FamilyRow, 'shipments'>[];
  }[];
}

/**
 * The margin bridge plan over plan (domain.md 4.10): Q is a family's shipment units over
 * the months both plans cover, at each plan's price and unit cost; a family in only one
 * plan has 0 units in the other. As with `comparePlans`, `results` may give the plans'
 * reconciliations when the caller has them (`result.families[f]` is
 * `plan.families[f]`), so neither plan is reconciled again.
 */
export function planMarginBridge(
  previous: Plan,
  current: Plan,
  results: { previous?: BridgeSource; current?: BridgeSource } = {},
): MarginBridge {
  const inCurrent = new Set(current.periods);
  const periods = previous.periods.filter((period) => inCurrent.has(period));
  const before = windowSides(previous, results.previous ?? reconcile(previous), periods);
  const after = windowSides(current, results.current ?? reconcile(current), periods);
  const lines: BridgeLine[] = [];
  for (const [id, side] of after) lines.push({ id, previous: before.get(id), current: side });
  for (const [id, side] of before) if (!after.has(id)) lines.push({ id, previous: side });
  return marginBridge(lines);
}

/**
 * The margin bridge actual vs plan of the month just ended (domain.md 4.10): the plan
 * side is `history.plannedShipments` at the closed plan's price and unit cost, the
 * actual side `actuals.shipped` at this plan's. `closed` is the closed cycle's plan when
 * known; without it (or for a family it lacks) the plan side takes this plan's price and
 * cost, so price and cost effects are 0. A family counts when its month records
 * `shipped`; an absent `plannedShipments` is 0 (a family the closed plan did not have).
 */
export function actualMarginBridge(plan: Plan, closed?: Plan): MarginBridge {
  const month = addMonths(plan.periods[0], -1);
  const closedFamilies = new Map(closed?.families.map((family) => [family.id, family]));
  const lines: BridgeLine[] = [];
  for (const family of plan.families) {
    const shipped = plan.actuals?.[family.id]?.[month]?.shipped;
    if (shipped === undefined) continue;
    const then = closedFamilies.get(family.id) ?? family;
    lines.push({
      id: family.id,
      previous: {
        units: plan.history[family.id]?.[month]?.plannedShipments ?? 0,
        price: then.price,
        unitCost: then.unitCost,
      },
      current: { units: shipped, price: family.price, unitCost: family.unitCost },
    });
  }
  return marginBridge(lines);
}

function windowSides(
  plan: Plan,
  result: BridgeSource,
  periods: readonly Month[],
): Map<string, BridgeSide> {
  const indexes = periods.map((period) => result.periods.indexOf(period));
  const sides = new Map<string, BridgeSide>();
  plan.families.forEach((family, f) => {
    const rows = result.families[f].rows;
    let units = 0;
    for (const t of indexes) units += rows[t].shipments;
    sides.set(family.id, { units, price: family.price, unitCost: family.unitCost });
  });
  return sides;
}
