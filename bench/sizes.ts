/**
 * The plan sizes the benchmark runs, their iteration counts and goals. Plans come from
 * `generateDemoPlan` with a fixed seed, so every run measures the same plans.
 */

/** One plan size and how hard to measure it. */
export interface SizeConfig {
  name: string;
  families: number;
  periods: number;
  resources: number;
  /** Timed full reconciles, after `reconcileWarmup` untimed ones. */
  reconcileRuns: number;
  reconcileWarmup: number;
  /** Goal for the full reconcile's p95 in ms; null: none. */
  reconcileGoalP95Ms: number | null;
  /** HyperFormula builds timed (the last one is kept for the edits and the checks). */
  peerBuilds: number;
  /** Timed edits per kind (demand, supply), after `editWarmup` untimed ones. */
  edits: number;
  editWarmup: number;
}

/** The seed of every generated plan and random edit sequence. */
export const BENCH_SEED = 20261;

/** Cells compared in the agreement check: family-months and as many resource-months. */
export const AGREEMENT_SAMPLES = 200;

/** Goals against HyperFormula, as ratios peer / ours (higher is better for us). */
export const PEER_GOALS = { build: 100, edit: 1, memory: 5 } as const;

/** A HyperFormula build predicted to take longer than this is not attempted (and reported so). */
export const PEER_BUILD_LIMIT_MS = 120_000;

/** A HyperFormula model predicted to hold more than this is not built (and reported so). */
export const PEER_MEMORY_LIMIT_BYTES = 2_500_000_000;

/** The sizes of a full run. */
export const FULL_SIZES: readonly SizeConfig[] = [
  size('small', 50, 18, 10, { reconcileRuns: 200, peerBuilds: 5, edits: 1000 }),
  size('reference', 500, 36, 100, { reconcileRuns: 200, peerBuilds: 3, edits: 1000 }, 2),
  size('stress', 2000, 36, 500, { reconcileRuns: 100, peerBuilds: 2, edits: 500 }, 8),
];

/** The sizes of a smoke run (`--quick`): no stress, few iterations. */
export const QUICK_SIZES: readonly SizeConfig[] = [
  size('small', 50, 18, 10, { reconcileRuns: 30, peerBuilds: 1, edits: 100 }),
  size('reference', 500, 36, 100, { reconcileRuns: 30, peerBuilds: 1, edits: 100 }, 2),
];

/** Input cells of a plan: demand, supply, budget per family-month, capacity per resource-month. */
export function inputCellCount(size: SizeConfig): number {
  return (3 * size.families + size.resources) * size.periods;
}

function size(
  name: string,
  families: number,
  periods: number,
  resources: number,
  counts: { reconcileRuns: number; peerBuilds: number; edits: number },
  reconcileGoalP95Ms: number | null = null,
): SizeConfig {
  return {
    name,
    families,
    periods,
    resources,
    reconcileRuns: counts.reconcileRuns,
    reconcileWarmup: Math.max(20, Math.round(counts.reconcileRuns / 4)),
    reconcileGoalP95Ms,
    peerBuilds: counts.peerBuilds,
    edits: counts.edits,
    editWarmup: Math.max(10, Math.round(counts.edits / 10)),
  };
}
