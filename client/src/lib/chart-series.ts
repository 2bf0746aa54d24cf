import type { Reconciliation } from '../../../shared/engine/index.ts';

/** What the plan's charts draw (see {@link chartSeries}). */
export type ChartSeries = ReturnType<typeof chartSeries>;

/**
 * `next` with every part that holds the same numbers as in `previous` replaced by
 * `previous`'s: a chart whose inputs are the same objects is not redrawn. A demand edit
 * moves no resource's load, so the utilization heat map (3,600 cells on the reference
 * plan, the costliest chart to draw) stays as it is.
 */
export function keepUnchangedSeries(previous: ChartSeries | null, next: ChartSeries): ChartSeries {
  if (!previous) return next;
  const months = sameValues(previous.months, next.months) ? previous.months : next.months;
  const family =
    previous.family &&
    next.family &&
    previous.family.name === next.family.name &&
    previous.family.safetyStock === next.family.safetyStock &&
    sameValues(previous.family.demand, next.family.demand) &&
    sameValues(previous.family.supply, next.family.supply) &&
    sameValues(previous.family.inventory, next.family.inventory)
      ? previous.family
      : next.family;
  const money =
    sameValues(previous.revenue, next.revenue) &&
    sameValues(previous.budget, next.budget) &&
    sameValues(previous.budgetedRevenue, next.budgetedRevenue);
  const resources =
    previous.resources.length === next.resources.length &&
    previous.resources.every((before, i) => {
      const after = next.resources[i];
      return (
        before.id === after.id &&
        before.name === after.name &&
        sameValues(before.utilization, after.utilization) &&
        sameValues(before.load, after.load)
      );
    })
      ? previous.resources
      : next.resources;
  return {
    months,
    family,
    revenue: money ? previous.revenue : next.revenue,
    budget: money ? previous.budget : next.budget,
    budgetedRevenue: money ? previous.budgetedRevenue : next.budgetedRevenue,
    resources,
  };
}

/** Same length and the same values in order (NaN equals NaN). */
function sameValues<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** The series the plan's charts draw, read from the results at one moment. */
export function chartSeries(
  result: Reconciliation,
  familyId: string | null,
  safetyStock: number | null,
): {
  months: string[];
  family: {
    name: string;
    demand: number[];
    supply: number[];
    inventory: number[];
    safetyStock: number | null;
  } | null;
  revenue: number[];
  /** Per month Σ budget; NaN (no point) when no family-month of it has a budget. */
  budget: number[];
  /** Per month the revenue of the family-months with a budget: what the budget is against. */
  budgetedRevenue: number[];
  resources: { id: string; name: string; utilization: (number | null)[]; load: number[] }[];
} {
  const family = familyId ? result.families.find((f) => f.id === familyId) : undefined;
  return {
    months: [...result.periods],
    family: family
      ? {
          name: family.name,
          demand: family.rows.map((row) => row.demand),
          supply: family.rows.map((row) => row.supply),
          inventory: family.rows.map((row) => row.projectedInventory),
          safetyStock,
        }
      : null,
    revenue: result.totals.map((t) => t.revenue),
    // A month no family has a budget for shows no budget point, not a budget of 0.
    budget: result.totals.map((t) => (t.budget > 0 || t.budgetedRevenue > 0 ? t.budget : NaN)),
    budgetedRevenue: result.totals.map((t) => t.budgetedRevenue),
    resources: result.resources.map((resource) => ({
      id: resource.id,
      name: resource.name,
      utilization: resource.rows.map((row) => row.utilization),
      load: resource.rows.map((row) => row.load),
    })),
  };
}
