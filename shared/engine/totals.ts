import { shipmentsAt, storeTotals, type Columns } from './columns.ts';
import type { PlanModel } from './plan-model.ts';

/** Sums every family's values of period `t`, in family order (the order fixes the rounding). */
export function computePeriodTotals(model: PlanModel, columns: Columns, t: number): void {
  const count = model.periods.length;
  const { demand, supply, budget, price, unitCost } = model;
  const inventory = columns.inventory;
  let sumDemand = 0;
  let sumSupply = 0;
  let sumShipments = 0;
  let sumRevenue = 0;
  let sumCost = 0;
  let sumMargin = 0;
  let sumBudget = 0;
  let sumBudgetGap = 0;
  let sumDemandValue = 0;
  let sumBudgeted = 0;
  let sumUnbudgeted = 0;
  for (let f = 0, at = t; f < price.length; f++, at += count) {
    const d = demand[at];
    const b = budget[at];
    const shipments = shipmentsAt(model, inventory, f, t, at);
    // The same expressions as `computeFamily` and `familyRow`.
    const revenue = shipments * price[f];
    const cost = shipments * unitCost[f];
    sumDemand += d;
    sumSupply += supply[at];
    sumShipments += shipments;
    sumRevenue += revenue;
    sumCost += cost;
    sumMargin += revenue - cost;
    // NaN: no budget. Budget sums compare like with like (domain.md 4.4).
    if (b === b) {
      sumBudget += b;
      sumBudgetGap += revenue - b;
      sumBudgeted += revenue;
    } else sumUnbudgeted += revenue;
    sumDemandValue += d * price[f];
  }
  storeTotals(
    columns.periodTotals,
    t,
    sumDemand,
    sumSupply,
    sumShipments,
    sumRevenue,
    sumCost,
    sumMargin,
    sumBudget,
    sumBudgetGap,
    sumDemandValue,
    sumBudgeted,
    sumUnbudgeted,
  );
}
