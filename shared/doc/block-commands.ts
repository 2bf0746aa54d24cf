import * as v from 'valibot';
import type * as Y from 'yjs';
import { isMonth } from '../engine/index.ts';
import { checked, idSchema, monthSchema, quantitySchema } from '../schema/records.ts';
import { collection, grid, metaMap, pairKey, transact, type GridName } from './layout.ts';
import { horizon } from './plan-commands.ts';
import { commandError } from '../schema/command-error.ts';

/** The grids of the plan's horizon a block can fill: a family's or a resource's months. */
export const PLAN_GRIDS = ['demand', 'supply', 'budget', 'capacity'] as const;
/** A grid of the plan's horizon. */
export type PlanGridName = (typeof PLAN_GRIDS)[number];

/** One cell of a block: a number to write, or null to clear the cell (it then counts as 0). */
export interface CellWrite {
  grid: PlanGridName;
  id: string;
  month: string;
  value: number | null;
}

const cellWriteSchema = v.strictObject({
  grid: v.picklist(PLAN_GRIDS, `must be one of ${PLAN_GRIDS.join(', ')}`),
  id: idSchema,
  month: monthSchema,
  value: v.nullable(quantitySchema),
});

/** More cells than this in one block is refused: no paste of a plan needs it. */
export const MAX_BLOCK_CELLS = 100_000;

/**
 * Fills cells of several grids in one transaction, so a block pasted across measures
 * (a family's demand, supply and budget rows) or families is one undo step. Every
 * write is checked first (known grid, family or resource, a month of the horizon, a
 * number >= 0 or null to clear, no cell twice); one bad write writes nothing and the
 * error names it by its position in the block.
 */
export function setCellBlock(doc: Y.Doc, writes: readonly CellWrite[]): void {
  const command = 'setCellBlock';
  const checkedWrites = checkCellBlock(doc, command, writes, {
    schema: cellWriteSchema,
    max: MAX_BLOCK_CELLS,
  });
  if (checkedWrites.length === 0) return;
  transact(doc, command, () => {
    for (const cell of checkedWrites) {
      // null hides the imported value too, as clearCell does.
      grid(doc, cell.grid).set(pairKey(cell.id, cell.month), cell.value);
    }
  });
}

/** How a block of cell writes is checked: each write's schema, the most cells, history grids. */
export interface CellBlockRules<T extends { grid: GridName; id: string; month: string }> {
  schema: v.GenericSchema<unknown, T>;
  /** More cells than this in one call is refused. */
  max: number;
  /** Grids of history (actual, forecast) whose cells may be of any month. */
  anyMonth?: readonly GridName[];
}

/**
 * Checks every write of a block before any is written: its schema, a known family (or
 * resource, for capacity), a month of the horizon (any month for the `anyMonth` grids),
 * no cell twice. Throws on the first bad write, naming it by its position in the block.
 */
export function checkCellBlock<T extends { grid: GridName; id: string; month: string }>(
  doc: Y.Doc,
  command: string,
  writes: readonly unknown[],
  rules: CellBlockRules<T>,
): T[] {
  if (!Array.isArray(writes)) throw commandError(command, `the block must be a list of cells`);
  if (writes.length > rules.max) {
    throw commandError(
      command,
      `${writes.length} cells is more than one block can hold (${rules.max})`,
    );
  }
  const meta = metaMap(doc);
  const first = meta.get('firstPeriod');
  const count = Number(meta.get('periodCount') ?? 0);
  const months = new Set(isMonth(first) ? horizon(first, count) : []);
  const families = collection(doc, 'families');
  const resources = collection(doc, 'resources');
  const seen = new Set<string>();
  return writes.map((write, index) => {
    const where = `${command}: cell ${index + 1}`;
    const cell = checked(where, rules.schema, write);
    const named = `${where} (${cell.grid} of "${cell.id}" in ${cell.month})`;
    const isResource = cell.grid === 'capacity';
    if (!(isResource ? resources : families).has(cell.id)) {
      throw commandError(named, `unknown ${isResource ? 'resource' : 'family'} "${cell.id}"`);
    }
    if (!months.has(cell.month) && !rules.anyMonth?.includes(cell.grid)) {
      throw commandError(named, `${cell.month} is not a month of the cycle's horizon`);
    }
    const key = `${cell.grid}|${pairKey(cell.id, cell.month)}`;
    if (seen.has(key)) throw commandError(named, `the same cell is written twice`);
    seen.add(key);
    return cell;
  });
}
