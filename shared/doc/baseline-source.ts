import type { Month } from '../engine/types.ts';
import { readBaselineRun } from './baseline-reading.ts';
import { baseRows, grid, pairKey } from './layout.ts';
import { rowValue } from './grid-rows.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * Where a family-month's baseline came from (domain.md 4.12), for the demand review's
 * breakdown: typed into the grid, the statistical baseline (with its method), imported
 * with the plan, or nowhere yet.
 */
export type BaselineSource =
  | { kind: 'typed' }
  | { kind: 'statistical'; method: string; by: string; at: string }
  | { kind: 'imported' }
  | { kind: 'none' };

/**
 * The source of the baseline of `family` in `month`: a typed edit of the demand grid
 * wins (typing after the baseline was used replaces it); else the statistical baseline
 * when the last one used gave this family a method and wrote this month; else what the
 * plan was imported with.
 */
export function baselineSourceOf(doc: CycleDoc, family: string, month: Month): BaselineSource {
  const edit = grid(doc, 'demand').get(pairKey(family, month));
  if (edit !== undefined) return { kind: 'typed' };
  const imported = rowValue(baseRows(doc, 'demand').get(family), month);
  const run = readBaselineRun(doc);
  const method = run?.methods[family];
  if (run && method !== undefined && imported !== undefined) {
    return { kind: 'statistical', method, by: run.by, at: run.at };
  }
  return imported === undefined ? { kind: 'none' } : { kind: 'imported' };
}
