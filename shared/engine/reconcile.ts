import { allocateColumns, clearColumns, columnsFit, type Columns } from './columns.ts';
import { computeFamily } from './family-math.ts';
import { orderGaps } from './gap-order.ts';
import { GapBuffer } from './gaps.ts';
import { buildModel, type PlanModel } from './plan-model.ts';
import { computeResource } from './resource-math.ts';
import { ReconciliationView } from './result-view.ts';
import type { Plan } from './types.ts';

/** Where a computation without memory to reuse finds its gaps (it grows as plans need). */
const scratchGaps = new GapBuffer(1024);

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
  const familyCount = model.families.length;
  const resourceCount = model.resources.length;
  const columns =
    reuse && columnsFit(reuse.columns, model)
      ? clearColumns(reuse.columns)
      : allocateColumns(model);
  // Without memory to reuse, gaps are found in a buffer kept from one call to the next
  // and copied out at their exact size: a reconcile's memory is what its result holds.
  const found = reuse?.gaps ?? scratchGaps;
  found.clear();
  for (let f = 0; f < familyCount; f++) computeFamily(model, columns, f, found, true);
  for (let r = 0; r < resourceCount; r++) computeResource(model, columns, r, found);
  const gaps = reuse ? found : found.trimmed();
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
