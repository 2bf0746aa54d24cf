/**
 * The constrained supply plan (shared/optimize): the whole run (build the program, solve
 * with HiGHS, read the plan back) on 100 families × 18 months × 20 resources (goal 1 s)
 * and on the reference plan, 500 × 36 × 100 (goal 10 s), beside GLPK's `glpsol` solving
 * the same LP file, and the two objectives compared. `tsx bench/optimize-bench.ts
 * [--quick]`; part of `npm run bench`.
 */
import loadHighs from 'highs';
import { generateDemoPlan } from '../shared/demo/demo-plan.ts';
import { optimizePlan } from '../shared/optimize/optimize-plan.ts';
import { solveWithGlpk } from '../tests/helpers/glpk.ts';
import { runAlone, type BenchOutput } from './run-alone.ts';
import { summarize, type Timing } from './stats.ts';

/** The sizes the issue names, with their goals. */
const SIZES = [
  { name: 'medium', families: 100, periods: 18, resources: 20, goalMs: 1000, runs: 5 },
  { name: 'reference', families: 500, periods: 36, resources: 100, goalMs: 10_000, runs: 3 },
] as const;

/** One size's result. */
export interface OptimizeSizeResult {
  name: string;
  families: number;
  periods: number;
  resources: number;
  goalMs: number;
  ours: Timing;
  glpsolMs: number | null;
  objective: number;
  glpsolObjective: number | null;
  rows: number;
  binding: number;
}

/** Runs `glpsol` on an LP text: its wall time and objective, or null when it is not installed. */
function glpsol(lp: string): { ms: number; objective: number } | null {
  try {
    const started = performance.now();
    const { objective } = solveWithGlpk(lp);
    return { ms: performance.now() - started, objective };
  } catch {
    return null;
  }
}

/** The optimiser's speed at each size beside glpsol (see the module comment). */
export async function runOptimizeBench(quick: boolean): Promise<BenchOutput<OptimizeSizeResult[]>> {
  const highs = await loadHighs();
  const results: OptimizeSizeResult[] = [];
  for (const size of quick ? SIZES.slice(0, 1) : SIZES) {
    const plan = generateDemoPlan({
      families: size.families,
      periods: size.periods,
      resources: size.resources,
    });
    optimizePlan(highs, plan); // warm-up: the first solve compiles the WebAssembly
    const samples: number[] = [];
    let last = optimizePlan(highs, plan);
    for (let i = 0; i < (quick ? 2 : size.runs); i++) {
      const started = performance.now();
      last = optimizePlan(highs, plan);
      samples.push(performance.now() - started);
    }
    if (!last.ok) throw new Error(`the ${size.name} plan has no constrained plan: ${last.message}`);
    const peer = glpsol(last.model.lp);
    results.push({
      name: size.name,
      families: size.families,
      periods: size.periods,
      resources: size.resources,
      goalMs: size.goalMs,
      ours: summarize(samples),
      glpsolMs: peer?.ms ?? null,
      objective: last.constrained.costs.total,
      glpsolObjective: peer?.objective ?? null,
      rows: last.model.rows.length,
      binding: last.constrained.binding.length,
    });
  }
  return { markdown: toMarkdown(results), json: results };
}

function toMarkdown(results: readonly OptimizeSizeResult[]): string {
  const lines = [
    '### The constrained supply plan (HiGHS) beside GLPK',
    '',
    'Build the program, solve it with HiGHS (WebAssembly) and read the plan back, median of the runs, beside `glpsol` solving the same LP file (one run, its own process).',
    '',
    '| plan | rows | ours (median) | goal | met | glpsol | glpsol / ours | objective agrees |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |',
  ];
  for (const r of results) {
    const ratio = r.glpsolMs === null ? 'n/a' : `${(r.glpsolMs / r.ours.median).toFixed(1)}x`;
    const agrees =
      r.glpsolObjective === null
        ? 'glpsol not installed'
        : Math.abs(r.objective - r.glpsolObjective) <= 1e-6 * Math.max(1, Math.abs(r.objective))
          ? 'yes'
          : `no (${r.objective} vs ${r.glpsolObjective})`;
    lines.push(
      `| ${r.families} × ${r.periods} × ${r.resources} | ${r.rows.toLocaleString('en')} | ${r.ours.median.toFixed(0)} ms | ${r.goalMs.toLocaleString('en')} ms | ${r.ours.median <= r.goalMs ? 'yes' : 'no'} | ${r.glpsolMs === null ? 'n/a' : `${r.glpsolMs.toFixed(0)} ms`} | ${ratio} | ${agrees} |`,
    );
  }
  return lines.join('\n');
}

runAlone(import.meta.url, 'optimize benchmark', runOptimizeBench);
