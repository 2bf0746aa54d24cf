/**
 * Performance: what happened in the ended months, read from a plan's `actuals` beside
 * what the closed cycles planned for them (`history`). Pure and deterministic.
 */

import { addMonths } from '../dates.ts';
import { daysOfSupplyAt } from './stock-measures.ts';
import type { ActualMonth, HistoryPoint, Month, Plan } from './types.ts';

/** One measure in the month just ended, actual beside plan (domain.md 4.8). */
export interface ActualVsPlan {
  actual: number;
  plan: number;
  /** actual − plan. */
  difference: number;
  /** difference / plan; null when plan is 0. */
  pct: number | null;
}

/**
 * Actual vs plan of one family (or all) in the month just ended. A measure is null when
 * its actual or its plan is not recorded; in total, the sums over the families that have
 * both.
 */
export interface ActualVsPlanMeasures {
  /** The demand actual (`ordered`, else `history.actual`) vs the plan's `forecast`. */
  demand: ActualVsPlan | null;
  /** `shipped` vs `plannedShipments`. */
  shipments: ActualVsPlan | null;
  /** `produced` vs `plannedSupply`. */
  production: ActualVsPlan | null;
  /** `shipped × P` vs `plannedShipments × P`. */
  revenue: ActualVsPlan | null;
}

/** Performance measures over a set of family-months (domain.md 4.8). */
export interface PerformanceMeasures {
  /** `min(1, Σ shippedOnTime / Σ ordered)`; null when nothing was ordered. */
  unitFillRate: number | null;
  /** The unit fill rate with each term × P; null when no value was ordered. */
  valueFillRate: number | null;
  /** `Σ ordersOnTimeInFull / Σ orders`; null when no orders were counted. */
  otif: number | null;
  /**
   * `Σ min(produced, plannedSupply) / Σ plannedSupply` of one family over the months
   * with a plan above 0 and `produced` recorded (for one month: `min(produced,
   * planned) / planned`); in total weighed at cost, `Σ min(produced, planned) × C /
   * Σ planned × C`. Null when there is no such month (in total: when it is worth 0).
   */
  planAttainment: number | null;
}

/** The stock at the end of the month just ended (domain.md 4.8, "Inventory"). */
export interface EndedInventory {
  /** `onHand × C`; null when on hand is not recorded. */
  value: number | null;
  /**
   * `onHand / (Σ D of the horizon's first three months / days in them)`; null when on
   * hand is not recorded or that demand is 0.
   */
  daysOfSupply: number | null;
}

/** One family's performance. */
export interface FamilyPerformance extends PerformanceMeasures {
  id: string;
  /** The family's plan attainment in each month of the window (null where undefined). */
  attainmentByMonth: (number | null)[];
  actualVsPlan: ActualVsPlanMeasures;
  inventory: EndedInventory;
}

/** The performance of a plan's families over ended months, per family and in total. */
export interface Performance {
  /** The month just ended: the month before the plan's first period. */
  endedMonth: Month;
  /** The ended months the fill rates, OTIF and plan attainment are read over. */
  months: Month[];
  families: FamilyPerformance[];
  total: PerformanceMeasures & {
    actualVsPlan: ActualVsPlanMeasures;
    /** `Σ onHand × C` over the families that record on hand; null when none does. */
    inventoryValue: number | null;
  };
}

/** Running sums of the performance measures over family-months. */
class PerformanceSums {
  ordered = 0;
  shippedOnTime = 0;
  orderedValue = 0;
  shippedOnTimeValue = 0;
  orders = 0;
  ordersOnTimeInFull = 0;
  attainedUnits = 0;
  plannedUnits = 0;
  attainedCost = 0;
  plannedCost = 0;

  /** Adds one family-month at price `price` and unit cost `cost`. */
  add(
    actual: ActualMonth | undefined,
    point: HistoryPoint | undefined,
    price: number,
    cost: number,
  ) {
    if (actual === undefined) return;
    if (actual.ordered !== undefined && actual.shippedOnTime !== undefined) {
      this.ordered += actual.ordered;
      this.shippedOnTime += actual.shippedOnTime;
      this.orderedValue += actual.ordered * price;
      this.shippedOnTimeValue += actual.shippedOnTime * price;
    }
    if (actual.orders !== undefined && actual.ordersOnTimeInFull !== undefined) {
      this.orders += actual.orders;
      this.ordersOnTimeInFull += actual.ordersOnTimeInFull;
    }
    const planned = point?.plannedSupply;
    if (actual.produced !== undefined && planned !== undefined && planned > 0) {
      const attained = Math.min(actual.produced, planned);
      this.attainedUnits += attained;
      this.plannedUnits += planned;
      this.attainedCost += attained * cost;
      this.plannedCost += planned * cost;
    }
  }

  /** Adds another set of sums to these. */
  addAll(other: PerformanceSums) {
    this.ordered += other.ordered;
    this.shippedOnTime += other.shippedOnTime;
    this.orderedValue += other.orderedValue;
    this.shippedOnTimeValue += other.shippedOnTimeValue;
    this.orders += other.orders;
    this.ordersOnTimeInFull += other.ordersOnTimeInFull;
    this.attainedUnits += other.attainedUnits;
    this.plannedUnits += other.plannedUnits;
    this.attainedCost += other.attainedCost;
    this.plannedCost += other.plannedCost;
  }

  /**
   * The measures of these sums. Plan attainment of one family is in units (its cost
   * cancels); over several families it weighs at cost.
   */
  measures(atCost: boolean): PerformanceMeasures {
    return {
      unitFillRate: cappedRatio(this.shippedOnTime, this.ordered),
      valueFillRate: cappedRatio(this.shippedOnTimeValue, this.orderedValue),
      otif: ratio(this.ordersOnTimeInFull, this.orders),
      planAttainment: atCost
        ? ratio(this.attainedCost, this.plannedCost)
        : ratio(this.attainedUnits, this.plannedUnits),
    };
  }
}

/** Running sums of actual and plan for one measure of the month just ended. */
class PairSum {
  actual = 0;
  plan = 0;
  count = 0;

  /** Adds a pair when both sides are recorded; gives it as a comparison (or null). */
  add(actual: number | undefined, plan: number | undefined): ActualVsPlan | null {
    if (actual === undefined || plan === undefined) return null;
    this.actual += actual;
    this.plan += plan;
    this.count++;
    return actualVsPlan(actual, plan);
  }

  result(): ActualVsPlan | null {
    return this.count === 0 ? null : actualVsPlan(this.actual, this.plan);
  }
}

/**
 * Performance from a plan's `actuals` (domain.md 4.8, "Performance: what happened"):
 * per family and in total, over `months` (ended months; default: the month just ended,
 * the one before the first period), the unit and value fill rate, OTIF and plan
 * attainment; for the month just ended, actual vs plan of demand, shipments, production
 * and revenue, and the stock it ended with (value and days of supply against the
 * horizon's first three months).
 *
 * A fill rate reads the family-months that record both `ordered` and `shippedOnTime`;
 * OTIF those that record both `orders` and `ordersOnTimeInFull`; plan attainment those
 * whose closed plan had `plannedSupply` above 0 and that record `produced`. Families come
 * out in the plan's order.
 */
export function performance(plan: Plan, months?: readonly Month[]): Performance {
  const endedMonth = addMonths(plan.periods[0], -1);
  const window = months === undefined ? [endedMonth] : [...months];
  const actuals = plan.actuals ?? {};
  const totalSums = new PerformanceSums();
  const demand = new PairSum();
  const shipments = new PairSum();
  const production = new PairSum();
  const revenue = new PairSum();
  let inventoryValue = 0;
  let inventoryCount = 0;

  const families = plan.families.map((family): FamilyPerformance => {
    const familyActuals = actuals[family.id];
    const history = plan.history[family.id];
    const sums = new PerformanceSums();
    const attainmentByMonth = window.map((month) => {
      const actual = familyActuals?.[month];
      const point = history?.[month];
      sums.add(actual, point, family.price, family.unitCost);
      return attainmentOf(actual, point);
    });
    totalSums.addAll(sums);

    const actual = familyActuals?.[endedMonth];
    const point = history?.[endedMonth];
    const demandActual = actual?.ordered ?? point?.actual;
    const plannedShipments = point?.plannedShipments;
    const onHand = actual?.onHand;
    const value = onHand === undefined ? null : onHand * family.unitCost;
    if (value !== null) {
      inventoryValue += value;
      inventoryCount++;
    }
    return {
      id: family.id,
      ...sums.measures(false),
      attainmentByMonth,
      actualVsPlan: {
        demand: demand.add(demandActual, point?.forecast),
        shipments: shipments.add(actual?.shipped, plannedShipments),
        production: production.add(actual?.produced, point?.plannedSupply),
        revenue: revenue.add(
          actual?.shipped === undefined ? undefined : actual.shipped * family.price,
          plannedShipments === undefined ? undefined : plannedShipments * family.price,
        ),
      },
      inventory: {
        value,
        daysOfSupply:
          onHand === undefined
            ? null
            : daysOfSupplyAt(onHand, plan.demand[family.id], plan.periods, 0),
      },
    };
  });

  return {
    endedMonth,
    months: window,
    families,
    total: {
      ...totalSums.measures(true),
      actualVsPlan: {
        demand: demand.result(),
        shipments: shipments.result(),
        production: production.result(),
        revenue: revenue.result(),
      },
      inventoryValue: inventoryCount === 0 ? null : inventoryValue,
    },
  };
}

/** One order: delivered by the requested date, and with every unit asked for. */
export interface OrderOutcome {
  onTime: boolean;
  inFull: boolean;
}

/**
 * OTIF of a list of orders (domain.md 4.8): the orders both on time and in full over all
 * orders, never the on-time rate × the in-full rate; null when there are no orders.
 */
export function otifOfOrders(orders: readonly OrderOutcome[]): number | null {
  let both = 0;
  for (const order of orders) if (order.onTime && order.inFull) both++;
  return ratio(both, orders.length);
}

/** `min(produced, planned) / planned` of one family-month; null when not defined. */
function attainmentOf(
  actual: ActualMonth | undefined,
  point: HistoryPoint | undefined,
): number | null {
  const planned = point?.plannedSupply;
  if (actual?.produced === undefined || planned === undefined || planned <= 0) return null;
  return Math.min(actual.produced, planned) / planned;
}

function actualVsPlan(actual: number, plan: number): ActualVsPlan {
  const difference = actual - plan;
  return { actual, plan, difference, pct: plan === 0 ? null : difference / plan };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function cappedRatio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.min(1, numerator / denominator);
}
