import type { Highs } from 'highs';
import type { SolverResult } from './supply-solution.ts';

/**
 * Solves an LP text with HiGHS (the caller loads it: in Node from the package, in the
 * page's worker from its WebAssembly file) and reports the result solver-neutrally.
 */
export function solveWithHighs(highs: Highs, lp: string): SolverResult {
  const solution = highs.solve(lp, { output_flag: false });
  const status = solution.Status;
  if (status !== 'Optimal') {
    const kind = /infeasible/i.test(status)
      ? status.toLowerCase().includes('unbounded')
        ? 'failed'
        : 'infeasible'
      : /unbounded/i.test(status)
        ? 'unbounded'
        : 'failed';
    return { status: kind, detail: status, objective: NaN, values: new Map(), duals: new Map() };
  }
  const values = new Map<string, number>();
  for (const [name, column] of Object.entries(solution.Columns)) values.set(name, column.Primal);
  const duals = new Map<string, number>();
  for (const row of solution.Rows) {
    const named = row as { Name?: string; Dual?: number };
    if (named.Name !== undefined) duals.set(named.Name, named.Dual ?? 0);
  }
  return { status: 'optimal', objective: solution.ObjectiveValue, values, duals };
}
