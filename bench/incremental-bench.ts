/**
 * One-cell edits: the engine's `IncrementalReconciler.apply` against HyperFormula's
 * `setCellContents` (which recalculates every dependent cell before it returns), over
 * the same seeded sequence of edits at random family-months. Each side is timed on its
 * own, so neither pays for collecting the other's heap.
 */
import type { IncrementalReconciler, Plan, Reconciliation } from '../shared/engine/index.ts';
import { applyPeerEdit, type HyperFormulaPeer } from './hyperformula-peer.ts';
import { seededRandom } from '../shared/random.ts';
import { collectGarbage, summarize, type Timing } from './stats.ts';

/** The last result read in a timed edit, kept so that reading it is not optimised away. */
export let lastResult: Reconciliation | null = null;

/** An edit of one demand or supply cell. */
export interface GridEdit {
  kind: 'demand' | 'supply';
  family: string;
  period: string;
  value: number;
}

/** Timings of one kind of edit on both sides; ratios are peer / ours. */
export interface EditComparison {
  kind: GridEdit['kind'];
  ours: Timing;
  peer: Timing;
  ratioP50: number;
  ratioP95: number;
}

/**
 * A seeded sequence of edits of one kind. Each new value is the cell's current value
 * scaled by 0.5-1.5 (a cell at 0 gets 0-100 units), so plans stay realistic while
 * shortages and overloads come and go. `plan` is updated as the edits are made, so it
 * is the edited plan afterwards.
 */
export function makeEdits(
  plan: Plan,
  kind: GridEdit['kind'],
  count: number,
  seed: number,
): GridEdit[] {
  const random = seededRandom(seed);
  const edits: GridEdit[] = [];
  for (let i = 0; i < count; i++) {
    const family = plan.families[random.int(plan.families.length)].id;
    const period = plan.periods[random.int(plan.periods.length)];
    const cells = (plan[kind][family] ??= {});
    const current = cells[period] ?? 0;
    const value = Math.round(current === 0 ? random.next() * 100 : current * (0.5 + random.next()));
    cells[period] = value;
    edits.push({ kind, family, period, value });
  }
  return edits;
}

/**
 * Applies the edits to the engine, timing each `apply` and the read of `result` (an edit is
 * done when its result can be read; the peer's setCellContents likewise returns the changed
 * values). The first `warmup` edits are applied but not timed.
 */
export function timeEngineEdits(
  reconciler: IncrementalReconciler,
  edits: readonly GridEdit[],
  warmup: number,
): Timing {
  collectGarbage();
  return timeEach(edits, warmup, (edit) => {
    reconciler.apply(edit);
    lastResult = reconciler.result;
  });
}

/** Applies the edits to the peer, timing each setCellContents (it recalculates before returning). */
export function timePeerEdits(
  peer: HyperFormulaPeer,
  edits: readonly GridEdit[],
  warmup: number,
): Timing {
  collectGarbage();
  return timeEach(edits, warmup, (edit) => applyPeerEdit(peer, edit));
}

/** The two sides' timings of one kind of edit, with the ratios peer / ours. */
export function compareEditTimings(
  kind: GridEdit['kind'],
  ours: Timing,
  peer: Timing,
): EditComparison {
  return { kind, ours, peer, ratioP50: peer.median / ours.median, ratioP95: peer.p95 / ours.p95 };
}

function timeEach(
  edits: readonly GridEdit[],
  warmup: number,
  apply: (edit: GridEdit) => void,
): Timing {
  const samples: number[] = [];
  for (let i = 0; i < edits.length; i++) {
    const start = performance.now();
    apply(edits[i]);
    const elapsed = performance.now() - start;
    if (i >= warmup) samples.push(elapsed);
  }
  return summarize(samples);
}
