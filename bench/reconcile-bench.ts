/**
 * Full reconcile: the time to compute the whole reconciliation of a plan from its JSON,
 * as a peer does when it opens a cycle. Timed twice: `reconcile()` alone (every number is
 * computed; the engine may make row objects only when they are read), and `reconcile()`
 * followed by reading every row, total, gap and the accuracy (the whole documented shape).
 */
import { reconcile, type Plan, type Reconciliation } from '../shared/engine/index.ts';
import { collectGarbage, timeRuns, type Timing } from './stats.ts';

/** Timings of repeated full reconciles and the result of the last one. */
export interface ReconcileRun {
  timing: Timing;
  /** reconcile() and then every row, total, gap and accuracy read. */
  readAll: Timing;
  result: Reconciliation;
}

/** Reconciles `plan` `warmup` times untimed, then `runs` times timed; then with every row read. */
export function benchReconcile(plan: Plan, runs: number, warmup: number): ReconcileRun {
  let result: Reconciliation | undefined;
  let checksum = 0;
  collectGarbage();
  const timing = timeRuns(
    () => {
      result = reconcile(plan);
    },
    runs,
    warmup,
  );
  collectGarbage();
  const readAll = timeRuns(
    () => {
      checksum += readEverything(reconcile(plan));
    },
    Math.max(5, Math.round(runs / 4)),
    Math.max(2, Math.round(warmup / 4)),
  );
  if (Number.isNaN(checksum)) throw new Error('reconcile produced NaN');
  return { timing, readAll, result: result! };
}

/** Reads every value of a reconciliation, so lazily made parts are made. */
function readEverything(result: Reconciliation): number {
  let sum = 0;
  for (const family of result.families) {
    for (const row of family.rows) sum += row.projectedInventory + (row.cover ?? 0) + row.revenue;
    sum += family.totals.margin;
  }
  for (const resource of result.resources) {
    for (const row of resource.rows) sum += row.load + (row.utilization ?? 0);
  }
  for (const total of result.totals) sum += total.revenue;
  for (const gap of result.gaps) sum += gap.value + gap.id.length;
  return sum + result.accuracy.total.points;
}
