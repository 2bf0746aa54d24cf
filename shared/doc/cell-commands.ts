import * as v from 'valibot';
import type * as Y from 'yjs';
import { monthRange } from '../dates.ts';
import { isMonth } from '../engine/index.ts';
import { commandError } from '../schema/command-error.ts';
import {
  ACTUAL_FIELD_OF,
  ACTUALS_GRID_NAMES,
  BUDGET_GRID_NAMES,
  GRID_NAMES,
  HISTORY_GRID_NAMES,
} from '../schema/grids.ts';
import { checked, idSchema, monthSchema } from '../schema/records.ts';
import { cellNumberSchema } from '../schema/root-values.ts';
import {
  collection,
  grid,
  metaMap,
  pairKey,
  transact,
  type DocGridName,
  type GridName,
} from './layout.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * Every write of grid cells: one checker (a known family, or resource for capacity, and
 * a month of the horizon, except history, which takes any month) and one writer (one
 * transaction, so one undo step), shared by the single-cell edit, the test-only fill,
 * the pasted block and the file import.
 */

/** One cell of a block: a number to write, or null to clear the cell (it then counts as 0). */
export interface CellWrite {
  grid: GridName;
  id: string;
  month: string;
  value: number | null;
}

/**
 * The grids a pasted block may fill: the plan's four inputs, the margin budget, and the
 * actuals (of the month that is ending, or an ended one).
 */
export const BLOCK_GRIDS = [...GRID_NAMES, ...BUDGET_GRID_NAMES, ...ACTUALS_GRID_NAMES] as const;

/** A cell of a block in any grid a block may fill (see {@link BLOCK_GRIDS}). */
export interface BlockCellWrite extends Omit<CellWrite, 'grid'> {
  grid: (typeof BLOCK_GRIDS)[number];
}

/** One imported cell: a number >= 0 for a family's (a resource's, for capacity) month. */
export interface ImportCellWrite {
  grid: ImportGridName;
  id: string;
  month: string;
  value: number;
}

/** The grids an import fills: the plan's four inputs per month, and actuals (history). */
export const IMPORT_GRIDS = [...GRID_NAMES, 'actual'] as const;
/** A grid an import fills. */
export type ImportGridName = (typeof IMPORT_GRIDS)[number];

/** More cells than this in one block is refused: no paste of a plan needs it. */
export const MAX_BLOCK_CELLS = 100_000;
/** More cells than this in one import is refused: 60 months of five grids for 800 families. */
export const MAX_IMPORT_CELLS = 250_000;

const cellWriteSchema = v.strictObject({
  grid: v.picklist(BLOCK_GRIDS, `must be one of ${BLOCK_GRIDS.join(', ')}`),
  id: idSchema,
  month: monthSchema,
  value: v.nullable(cellNumberSchema),
});

const importWriteSchema = v.strictObject({
  grid: v.picklist(IMPORT_GRIDS, `must be one of ${IMPORT_GRIDS.join(', ')}`),
  id: idSchema,
  month: monthSchema,
  value: cellNumberSchema,
});

/**
 * Sets one cell: demand, supply, budget or margin budget of a family, capacity of a
 * resource (a month of the horizon), a family's history (any month) or one field of its
 * actuals (an ended month, or the horizon's first as it ends). Throws on an
 * unknown id, a month outside the horizon or a value that is not a number from 0 to
 * the largest number a plan takes (10^12).
 */
export function setCell(
  doc: CycleDoc,
  name: DocGridName,
  id: string,
  month: string,
  value: number,
): void {
  const command = `set ${name}`;
  checked(command, monthSchema, month);
  new CellTargets(doc).check(command, name, id, month);
  const units = checked(command, cellNumberSchema, value);
  writeCells(doc, command, [{ grid: name, id, month, value: units }]);
}

/** Removes one cell (it then counts as 0, or as no data in history). */
export function clearCell(doc: CycleDoc, name: DocGridName, id: string, month: string): void {
  const command = `clear ${name}`;
  checked(command, monthSchema, month);
  new CellTargets(doc).check(command, name, id, month);
  writeCells(doc, command, [{ grid: name, id, month, value: null }]);
}

/**
 * Fills a block of cells of one grid in one transaction (one undo step): `rows` lists
 * ids, `months` the columns, `values[i][j]` the value of `rows[i]` in `months[j]`.
 * Every cell is checked first; one bad cell writes nothing.
 */
export function setCells(
  doc: CycleDoc,
  name: DocGridName,
  rows: readonly string[],
  months: readonly string[],
  values: readonly (readonly number[])[],
): void {
  const command = `paste ${name}`;
  const targets = new CellTargets(doc);
  const writes: StoredCell[] = [];
  rows.forEach((id, i) => {
    months.forEach((month, j) => {
      checked(command, monthSchema, month);
      targets.check(command, name, id, month);
      const value = checked(`${command} ${id} ${month}`, cellNumberSchema, values[i]?.[j]);
      writes.push({ grid: name, id, month, value });
    });
  });
  writeCells(doc, command, writes);
}

/**
 * Fills cells of several grids in one transaction, so a block pasted across measures
 * (a family's demand, supply and budget rows, its margin budget, the fields of its
 * actuals) or families is one undo step. Every
 * write is checked first (known grid, family or resource, a month of the horizon, a
 * number >= 0 or null to clear, no cell twice); one bad write writes nothing and the
 * error names it by its position in the block.
 */
export function setCellBlock(doc: CycleDoc, writes: readonly BlockCellWrite[]): void {
  const command = 'setCellBlock';
  const cells = checkCellBlock(doc, command, writes, cellWriteSchema, MAX_BLOCK_CELLS);
  if (cells.length > 0) writeCells(doc, command, cells);
}

/**
 * Writes the cells of an imported file in one transaction, so the whole import is one
 * undo step. Every write is checked first (a known grid and family, or resource for
 * capacity; a month of the horizon, except actuals, which go to history at any month; a
 * number >= 0; no cell twice); one bad write writes nothing, and the error names it by
 * its position in the list.
 */
export function importCells(doc: CycleDoc, writes: readonly ImportCellWrite[]): void {
  const command = 'importCells';
  const cells = checkCellBlock(doc, command, writes, importWriteSchema, MAX_IMPORT_CELLS);
  if (cells.length > 0) writeCells(doc, command, cells);
}

/** A checked cell as the writer takes it: null clears the cell. */
interface StoredCell {
  grid: DocGridName;
  id: string;
  month: string;
  value: number | null;
}

/**
 * The one writer of cells: every write in one transaction named by `command`. A null
 * hides the imported value too: the cell then counts as 0 (or no data in history).
 */
function writeCells(doc: CycleDoc, command: string, cells: readonly StoredCell[]): void {
  transact(doc, command, () => {
    for (const cell of cells) grid(doc, cell.grid).set(pairKey(cell.id, cell.month), cell.value);
  });
}

/** The one checker of where a cell may be written: the cycle's families, resources, horizon. */
class CellTargets {
  readonly #families: Y.Map<Y.Map<unknown>>;
  readonly #resources: Y.Map<Y.Map<unknown>>;
  readonly #months: Set<string>;
  readonly #first: string | undefined;

  constructor(doc: CycleDoc) {
    const meta = metaMap(doc);
    const first = meta.get('firstPeriod');
    const count = Number(meta.get('periodCount') ?? 0);
    this.#months = new Set(isMonth(first) ? monthRange(first, count) : []);
    this.#first = isMonth(first) ? first : undefined;
    this.#families = collection(doc, 'families');
    this.#resources = collection(doc, 'resources');
  }

  /** Throws, naming `command`, when the cell's family (resource) or month is not the cycle's. */
  check(command: string, name: DocGridName, id: string, month: string): void {
    const isResource = name === 'capacity';
    if (!(isResource ? this.#resources : this.#families).has(id)) {
      throw commandError(command, `unknown ${isResource ? 'resource' : 'family'} "${id}"`);
    }
    if ((HISTORY_GRID_NAMES as readonly string[]).includes(name)) return;
    if (name in ACTUAL_FIELD_OF) {
      // Actuals are of ended months, and of the horizon's first month as it ends.
      if (this.#first !== undefined && month > this.#first) {
        throw commandError(command, `${month} has not ended: actuals are of ended months`);
      }
      return;
    }
    if (!this.#months.has(month)) {
      throw commandError(command, `${month} is not a month of the cycle's horizon`);
    }
  }
}

/**
 * Checks every write of a block before any is written: its schema, where it goes (see
 * {@link CellTargets}), no cell twice. Throws on the first bad write, naming it by its
 * position in the block.
 */
function checkCellBlock<T extends StoredCell>(
  doc: CycleDoc,
  command: string,
  writes: readonly unknown[],
  schema: v.GenericSchema<unknown, T>,
  max: number,
): T[] {
  if (!Array.isArray(writes)) throw commandError(command, 'the block must be a list of cells');
  if (writes.length > max) {
    throw commandError(command, `${writes.length} cells is more than one block can hold (${max})`);
  }
  const targets = new CellTargets(doc);
  const seen = new Set<string>();
  return writes.map((write, index) => {
    const where = `${command}: cell ${index + 1}`;
    const cell = checked(where, schema, write);
    const named = `${where} (${cell.grid} of "${cell.id}" in ${cell.month})`;
    targets.check(named, cell.grid, cell.id, cell.month);
    const key = `${cell.grid}|${pairKey(cell.id, cell.month)}`;
    if (seen.has(key)) throw commandError(named, 'the same cell is written twice');
    seen.add(key);
    return cell;
  });
}
