import * as v from 'valibot';
import type * as Y from 'yjs';
import { idSchema, monthSchema, quantitySchema } from '../schema/records.ts';
import { checkCellBlock } from './block-commands.ts';
import { grid, pairKey, transact } from './layout.ts';

/** The grids an import fills: the plan's four inputs per month, and actuals (history). */
export const IMPORT_GRIDS = ['demand', 'supply', 'budget', 'capacity', 'actual'] as const;
/** A grid an import fills. */
export type ImportGridName = (typeof IMPORT_GRIDS)[number];

/** One imported cell: a number >= 0 for a family's (a resource's, for capacity) month. */
export interface ImportCellWrite {
  grid: ImportGridName;
  id: string;
  month: string;
  value: number;
}

const importWriteSchema = v.strictObject({
  grid: v.picklist(IMPORT_GRIDS, `must be one of ${IMPORT_GRIDS.join(', ')}`),
  id: idSchema,
  month: monthSchema,
  value: quantitySchema,
});

/** More cells than this in one import is refused: 60 months of five grids for 800 families. */
export const MAX_IMPORT_CELLS = 250_000;

/**
 * Writes the cells of an imported file in one transaction, so the whole import is one
 * undo step. Every write is checked first (a known grid and family, or resource for
 * capacity; a month of the horizon, except actuals, which go to history at any month; a
 * number >= 0; no cell twice); one bad write writes nothing, and the error names it by
 * its position in the list.
 */
export function importCells(doc: Y.Doc, writes: readonly ImportCellWrite[]): void {
  const command = 'importCells';
  const checkedWrites = checkCellBlock(doc, command, writes, {
    schema: importWriteSchema,
    max: MAX_IMPORT_CELLS,
    anyMonth: ['actual'],
  });
  if (checkedWrites.length === 0) return;
  transact(doc, command, () => {
    for (const cell of checkedWrites)
      grid(doc, cell.grid).set(pairKey(cell.id, cell.month), cell.value);
  });
}
