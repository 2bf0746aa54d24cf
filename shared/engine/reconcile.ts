import { computeAccuracy } from './accuracy.ts';
import { computeFamily } from './family-math.ts';
import { compareGaps } from './gaps.ts';
import { buildModel, type PlanModel } from './plan-model.ts';
import { computeResourcePeriod, overloadGap } from './resource-math.ts';
import { computePeriodTotals } from './totals.ts';
import type { Gap, Plan, Reconciliation, ResourceResult } from './types.ts';

/**
 * Reconciles a validated plan (domain.md section 4): per family and month inventory,
 * cover, status and money; per resource load and utilization; totals; the gap list;
 * forecast accuracy. Pure and deterministic: the same plan gives byte-identical JSON.
 * Families and resources come out in input order.
 */
export function reconcile(plan: Plan): Reconciliation {
  return reconcileModel(plan, buildModel(plan));
}

/** Reconciles a plan already laid out as a model (shared with the incremental path). */
export function reconcileModel(plan: Plan, model: PlanModel): Reconciliation {
  const gaps: Gap[] = [];
  const families = model.families.map((_, f) => {
    const computed = computeFamily(model, f);
    for (const gap of computed.gaps) gaps.push(gap);
    return computed.result;
  });
  const resources: ResourceResult[] = model.resources.map(({ id, name }, r) => {
    const rows = model.periods.map((_, t) => {
      const period = computeResourcePeriod(model, r, t);
      const gap = overloadGap(id, period.row, period.supplyValue);
      if (gap !== null) gaps.push(gap);
      return period.row;
    });
    return { id, name, rows };
  });
  const totals = model.periods.map((period, t) => computePeriodTotals(families, t, period));
  gaps.sort(compareGaps);
  return {
    cycle: plan.cycle,
    currency: plan.currency,
    periods: [...model.periods],
    families,
    resources,
    totals,
    gaps,
    accuracy: computeAccuracy(plan),
  };
}
