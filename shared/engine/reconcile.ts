import { allocateColumns, clearColumns, columnsFit, type Columns } from './columns.ts';
import { computeFamily } from './family-math.ts';
import { orderGaps } from './gap-order.ts';
import { GapBuffer } from './gaps.ts';
import { buildModel, type PlanModel } from './plan-model.ts';
import { computeResource } from './resource-math.ts';
import { ReconciliationView } from './result-view.ts';
import type { Plan } from './types.ts';

/** Every number of a reconciliation, with its gaps in list order. */
export interface ComputedPlan {
  columns: Columns;
  gaps: GapBuffer;
  /** Indexes into `gaps`, in gap-list order (sorted when first read). */
  readonly order: Int32Array;
}

/**
 * Reconciles a validated plan (domain.md section 4): per family and month inventory,
 * cover, status and money; per resource load and utilization; totals; the gap list;
 * forecast accuracy. Pure and deterministic: the same plan gives byte-identical JSON.
 * Families and resources come out in input order. Every number is computed here; the
 * result's row and gap objects are made when first read.
 */
export function reconcile(plan: Plan): ReconciliationView {
  const model = buildModel(plan);
  const computed = computeModel(model);
  return new ReconciliationView(model, computed.columns, () =>
    Array.from(computed.order, (at) => computed.gaps.gap(model, at)),
  );
}

/**
 * Computes every column of a model and finds and orders its gaps. `reuse` gives memory
 * from an earlier computation to write into (columns of another size are not used):
 * whatever read that computation's results must be done with them.
 */
export function computeModel(
  model: PlanModel,
  reuse?: { columns: Columns; gaps: GapBuffer },
): ComputedPlan {
  const count = model.periods.length;
  const familyCount = model.families.length;
  const resourceCount = model.resources.length;
  const columns =
    reuse && columnsFit(reuse.columns, model)
      ? clearColumns(reuse.columns)
      : allocateColumns(model);
  // Family gaps are episodes, up to four or five per family in a plan in trouble;
  // overloads one per resource-month, in one of four months. The buffer grows when a plan
  // needs more (growing copies it, so the first guess should hold).
  const gaps =
    reuse?.gaps ??
    new GapBuffer(Math.max(64, Math.ceil(4 * familyCount + 0.25 * resourceCount * count)));
  gaps.clear();
  for (let f = 0; f < familyCount; f++) computeFamily(model, columns, f, gaps, true);
  for (let r = 0; r < resourceCount; r++) computeResource(model, columns, r, gaps);
  // Ordered when first read: a summary of scenarios needs the gaps, not their order.
  let order: Int32Array | undefined;
  return {
    columns,
    gaps,
    get order() {
      return (order ??= orderGaps(gaps, model));
    },
  };
}
