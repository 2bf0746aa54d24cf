import { ACTUAL_FIELDS, type ActualMonth } from '../engine/types.ts';
import { MAX_PLAN_NUMBER } from '../engine/plausibility.ts';
import { actualsGrid } from '../schema/grids.ts';
import { isQuantity } from '../schema/records.ts';
import { cellValue } from './layout.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * What happened in `month` (the horizon's first, as it ends) for each of `families`,
 * read straight from the actuals grids: one lookup per family and field, so a page can
 * read it on every edit. Only fields recorded with a number from 0 to 10^12 appear; a
 * family with none maps to an empty entry. The same values `readPlan` keeps apart as
 * `PlanReading.endingActuals`.
 */
export function readEndingActuals(
  doc: CycleDoc,
  families: readonly string[],
  month: string,
): Record<string, ActualMonth> {
  const entries: Record<string, ActualMonth> = {};
  for (const id of families) {
    const entry: ActualMonth = {};
    for (const field of ACTUAL_FIELDS) {
      const value = cellValue(doc, actualsGrid(field), id, month);
      if (isQuantity(value) && value <= MAX_PLAN_NUMBER) entry[field] = value;
    }
    entries[id] = entry;
  }
  return entries;
}
