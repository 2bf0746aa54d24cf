/**
 * Every measurement for one plan size, the engine and HyperFormula side by side in this
 * process: full reconcile, HyperFormula's build, memory held, one-cell edits, and the
 * agreement of their numbers before and after the edits.
 */
import type { RawCellContent } from 'hyperformula';
import { IncrementalReconciler, reconcile, type Plan } from '../shared/engine/index.ts';
import { generateDemoPlan } from '../shared/demo/demo-plan.ts';
import { checkAgreement, type Agreement } from './agreement.ts';
import { buildPeer, planToSheet } from './hyperformula-peer.ts';
import {
  compareEditTimings,
  makeEdits,
  timeEngineEdits,
  timePeerEdits,
  type EditComparison,
} from './incremental-bench.ts';
import { measureHeld, type HeldMemory } from './memory-bench.ts';
import { benchReconcile } from './reconcile-bench.ts';
import { AGREEMENT_SAMPLES, BENCH_SEED, inputCellCount, type SizeConfig } from './sizes.ts';
import { collectGarbage, summarize, type Timing } from './stats.ts';

/** What a size measured. `peer` says why when HyperFormula was not built at this size. */
export interface SizeReport {
  size: SizeConfig;
  /** Input cells of the plan (see `inputCellCount`). */
  inputCells: number;
  reconcile: Timing;
  /** reconcile() and then every row, total, gap and accuracy read. */
  reconcileReadAll: Timing;
  oursMemory: HeldMemory;
  peer: PeerReport | { skipped: string };
}

/** HyperFormula's side of a size, with the engine's matching figures. */
export interface PeerReport {
  /** Time to write the plan as formulas (not part of the build ratio). */
  sheetMs: number;
  formulaCells: number;
  build: Timing;
  memory: HeldMemory;
  edits: EditComparison[];
  agreement: { before: Agreement; after: Agreement; afterIncremental: Agreement };
}

/** A prediction of HyperFormula's cost at a size, made from a smaller size that was built. */
export interface PeerEstimate {
  buildMsPerCell: number;
  bytesPerCell: number;
}

/** Runs one size. `skipPeer` names why HyperFormula is not built at this size, if so. */
export function benchSize(size: SizeConfig, skipPeer: string | null): SizeReport {
  // The plan as a peer reads it: the JSON text `fulcrum demo-plan` prints, parsed.
  const plan = JSON.parse(
    JSON.stringify(
      generateDemoPlan({
        families: size.families,
        periods: size.periods,
        resources: size.resources,
        seed: BENCH_SEED,
      }),
    ),
  ) as Plan;
  const inputCells = inputCellCount(size);
  const full = benchReconcile(plan, size.reconcileRuns, size.reconcileWarmup);
  const ours = measureHeld(() => {
    const reconciler = new IncrementalReconciler(plan);
    return { reconciler, result: reconciler.result };
  });
  const report = {
    size,
    inputCells,
    reconcile: full.timing,
    reconcileReadAll: full.readAll,
    oursMemory: ours.memory,
  };
  if (skipPeer !== null) return { ...report, peer: { skipped: skipPeer } };

  // The engine's edits run before HyperFormula is built, so that neither side's timings
  // include collecting the other's heap. Both sides get the same edits in the same order.
  const edited: Plan = structuredClone(plan);
  const editLists = (['demand', 'supply'] as const).map((kind, k) =>
    makeEdits(edited, kind, size.edits + size.editWarmup, BENCH_SEED + 10 + k),
  );
  const engineTimings = editLists.map((edits) =>
    timeEngineEdits(ours.value.reconciler, edits, size.editWarmup),
  );

  const buildTimes: number[] = [];
  for (let i = 1; i < size.peerBuilds; i++) {
    const sheet = planToSheet(plan);
    const start = performance.now();
    const peer = buildPeer(plan, sheet);
    buildTimes.push(performance.now() - start);
    peer.hf.destroy();
    collectGarbage();
  }
  let sheetMs = 0;
  let formulaCells = 0;
  const built = measureHeld(() => {
    let start = performance.now();
    const sheet = planToSheet(plan);
    sheetMs = performance.now() - start;
    formulaCells = countFormulas(sheet);
    start = performance.now();
    const peer = buildPeer(plan, sheet);
    buildTimes.push(performance.now() - start);
    return peer;
  });
  const peer = built.value;
  const before = checkAgreement(peer, full.result, AGREEMENT_SAMPLES, BENCH_SEED + 1);
  const edits = editLists.map((list, k) =>
    compareEditTimings(list[0].kind, engineTimings[k], timePeerEdits(peer, list, size.editWarmup)),
  );
  const after = checkAgreement(peer, reconcile(edited), AGREEMENT_SAMPLES, BENCH_SEED + 2);
  const afterIncremental = checkAgreement(
    peer,
    ours.value.reconciler.result,
    AGREEMENT_SAMPLES,
    BENCH_SEED + 3,
  );
  peer.hf.destroy();
  return {
    ...report,
    peer: {
      sheetMs,
      formulaCells,
      build: summarize(buildTimes),
      memory: built.memory,
      edits,
      agreement: { before, after, afterIncremental },
    },
  };
}

/** HyperFormula's cost per input cell at a size it was built at, to predict a larger one. */
export function estimateFrom(report: SizeReport): PeerEstimate | null {
  if ('skipped' in report.peer) return null;
  return {
    buildMsPerCell: report.peer.build.median / report.inputCells,
    bytesPerCell: report.peer.memory.totalBytes / report.inputCells,
  };
}

function countFormulas(sheet: RawCellContent[][]): number {
  let count = 0;
  for (const row of sheet) {
    for (const cell of row) if (typeof cell === 'string' && cell.startsWith('=')) count++;
  }
  return count;
}
