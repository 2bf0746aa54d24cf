import { addMonths } from '../dates.ts';
import type { ActualMonth, Family, HistoryPoint, Month } from '../engine/types.ts';
import { expected, type FamilyProfile } from './demo-family.ts';
import { between, CHANNEL, noise, stream, uniform } from './demo-streams.ts';

/**
 * What happened in a demo family's ended months (the plan's `actuals`) and what the
 * closed cycles had planned for them (`plannedSupply`, `plannedShipments` in its
 * history), so the meeting has fill rate, OTIF, plan attainment, actual vs plan and a
 * year to date to show. Deterministic from the seed, the family and the month.
 */

/** How well a family served its customers and met its production plan. */
interface ServiceProfile {
  /** Share of ordered units shipped by the requested date in a normal month. */
  onTime: number;
  /** Monthly wobble of that share. */
  wobble: number;
  /** Share of late or partial orders beyond the units' shortfall. */
  orderMiss: number;
  /** Mean units per customer order. */
  orderSize: number;
  /** Share of a month's planned production the plant typically made. */
  attainment: number;
  /** Share of the open backorders shipped late in the next month. */
  catchUp: number;
}

/**
 * Every third family or so serves in full; the others miss a few to a dozen percent
 * of the units asked for, so fill rate and OTIF differ between families.
 */
function serviceProfile(seed: number, f: number, profile: FamilyProfile): ServiceProfile {
  const next = stream(seed, CHANNEL.service, f);
  const full = next() < 0.35;
  return {
    onTime: full ? 1 : between(next, 0.86, 0.99),
    wobble: full ? 0 : between(next, 0.01, 0.04),
    orderMiss: full ? between(next, 0, 0.01) : between(next, 0.01, 0.06),
    orderSize: Math.max(2, Math.round(profile.base / between(next, 20, 120))),
    attainment: next() < 0.4 ? 1 : between(next, 0.88, 0.99),
    catchUp: between(next, 0.6, 0.95),
  };
}

/** The ended months of a family, each with its actuals and the planned values. */
export interface FamilyPast {
  history: Record<Month, HistoryPoint>;
  actuals: Record<Month, ActualMonth>;
}

/**
 * Adds the planned supply and shipments to a family's history and generates its
 * actuals for the same months: units ordered (the history's actual), shipped and shipped
 * on time, orders and orders on time in full, produced, on hand, open backorders and the
 * month's revenue and margin budgets.
 *
 * Stock is counted back from the plan's opening inventory, so the month just ended
 * closes with on hand − backorders = the plan's opening inventory, as a roll-over reads
 * it.
 */
export function familyPast(
  seed: number,
  f: number,
  first: number,
  profile: FamilyProfile,
  family: Family,
  history: Record<Month, HistoryPoint>,
  historyMonths: number,
): FamilyPast {
  const service = serviceProfile(seed, f, profile);
  const months: Month[] = [];
  const rows: ActualMonth[] = [];
  const planned: HistoryPoint[] = [];
  let backorders = 0;
  for (let back = historyMonths; back >= 1; back--) {
    const ordinal = first - back;
    const month = addMonths('0000-01', ordinal);
    const point = history[month];
    const ordered = point.actual ?? 0;
    const mean = expected(profile, -back);
    const plannedShipments = point.forecast ?? Math.round(mean);
    const plannedSupply = Math.max(
      0,
      Math.round(mean * (1 + profile.planningNoise * noise(seed, CHANNEL.supply, f, ordinal))),
    );
    const wobble = service.wobble * uniform(seed, CHANNEL.service, f, ordinal);
    const onTimeShare = Math.min(1, Math.max(0, service.onTime + wobble));
    const shippedOnTime = Math.round(ordered * onTimeShare);
    const shipped = shippedOnTime + Math.round(backorders * service.catchUp);
    backorders = backorders + ordered - shipped;
    const orders = ordered === 0 ? 0 : Math.max(1, Math.round(ordered / service.orderSize));
    const otifShare = Math.max(0, onTimeShare - service.orderMiss);
    const attainment = Math.min(
      1.03,
      service.attainment + 0.03 * uniform(seed, CHANNEL.production, f, ordinal),
    );
    const budgetFactor = 1 + profile.budgetBias + 0.04 * uniform(seed, CHANNEL.budget, f, ordinal);
    const revenueBudget = Math.round(mean * family.price * budgetFactor);
    const unitMargin = family.price - family.unitCost;
    months.push(month);
    planned.push({ ...point, plannedSupply, plannedShipments });
    rows.push({
      ordered,
      shipped,
      shippedOnTime,
      orders,
      ordersOnTimeInFull: Math.min(orders, Math.round(orders * otifShare)),
      produced: Math.max(0, Math.round(plannedSupply * attainment)),
      backorders,
      revenueBudget,
      marginBudget: Math.round(mean * unitMargin * budgetFactor),
    });
  }

  // On hand, counted back from the month just ended (a stock count that never goes below 0).
  let onHand = family.openingInventory + backorders;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i];
    row.onHand = Math.max(0, Math.round(onHand));
    onHand = row.onHand - (row.produced ?? 0) + (row.shipped ?? 0);
  }

  const past: FamilyPast = { history: {}, actuals: {} };
  months.forEach((month, i) => {
    past.history[month] = planned[i];
    past.actuals[month] = orderedFields(rows[i]);
  });
  return past;
}

/** The fields in the order files list them, so the JSON reads the same every time. */
function orderedFields(row: ActualMonth): ActualMonth {
  return {
    ordered: row.ordered,
    shipped: row.shipped,
    shippedOnTime: row.shippedOnTime,
    orders: row.orders,
    ordersOnTimeInFull: row.ordersOnTimeInFull,
    produced: row.produced,
    onHand: row.onHand,
    backorders: row.backorders,
    revenueBudget: row.revenueBudget,
    marginBudget: row.marginBudget,
  };
}
