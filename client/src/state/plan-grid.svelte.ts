// One piece over 400 lines: SheetController and the sheet types it works on describe one
// grid's cursor, edits and pastes together, and each method reads the others' invariants.
import {
  numberProblem,
  readBlock,
  readNumber,
  blockProblemText,
  type Block,
} from '../lib/paste.ts';
import { positionsOf } from '../lib/plan-cells.ts';

/** A column of months (or fields) across the sheet. */
export interface SheetColumn {
  key: string;
  label: string;
  /** A second line under the label (the year under a month). */
  detail?: string;
  title?: string;
  /** A word about the whole column, as a chip under its label: `No inputs yet`. */
  badge?: SheetColumnBadge;
}

/** A chip in a column's header: its word, its tone (colour), and a sentence for assistive technology. */
export interface SheetColumnBadge {
  text: string;
  /** A tone of app.css (`warn`, `shortage` ...). */
  tone: string;
  description: string;
}

/** A cell of a sheet: its group (a family or resource id), its row in the group, its column. */
export interface SheetAddress {
  group: string;
  row: number;
  col: number;
}

/** What the sheet needs to know about one cell to move onto it, edit it and copy it. */
export interface SheetCellInfo {
  /** The measure's name, for messages: `Demand cannot be negative`. */
  measure: string;
  /** True when a person may type into it (an input, and they are not read-only). */
  editable: boolean;
  /** The number in it, for Enter / F2 and for copying; null when it has none. */
  value: number | null;
  /** The text to copy when it is not a plain number (a status word). */
  text?: string;
  /** The cell has a detail of its own (a demand cell's streams), opened with Alt+Enter. */
  detail?: boolean;
  /**
   * Set when the number shown is made of others (a consensus of streams): typing, Enter,
   * F2 or a double click open the detail instead of an editor, and Delete or pasting one
   * value is refused, with this sentence.
   */
  opensDetail?: string;
}

/**
 * The data behind a sheet: how big it is, what each cell holds and how edits are
 * written. Writes return an error in the person's words, or null when done.
 */
export interface SheetModel {
  /** Groups in display order (families after the search and filter, or resources). */
  groups(): readonly string[];
  rowsPerGroup(): number;
  columns(): number;
  cell(at: SheetAddress): SheetCellInfo | null;
  /** Writes one value (null clears the cell). */
  write(at: SheetAddress, value: number | null): string | null;
  /** Writes a block whose top-left corner is `at`; absent when the sheet takes no blocks. */
  writeBlock?(at: SheetAddress, block: Block): string | null;
  /** Called as my cell moves (null when the sheet loses focus), to show the others. */
  focus(at: SheetAddress | null): void;
  undo(): void;
  redo(): void;
}

/**
 * The columns a sheet draws now, inclusive: the months in view and a few beyond, and always
 * the active cell's. A sheet with many months draws only these, so a keystroke updates and
 * lays out the cells a person can see rather than three years of them.
 */
export interface ColumnWindow {
  from: number;
  to: number;
}

/**
 * The columns drawn of a sheet of `count` (all for a null window), with how many empty
 * ones come after them.
 */
export function drawnRange(
  window: ColumnWindow | null,
  count: number,
): { from: number; to: number; after: number } {
  const from = window ? Math.min(Math.max(0, window.from), count) : 0;
  const to = window ? Math.min(window.to, count - 1) : count - 1;
  return { from, to, after: Math.max(0, count - 1 - Math.max(to, from - 1)) };
}

/** Whether two drawn ranges (see {@link drawnRange}) are the same columns. */
export function sameRange(
  a: ReturnType<typeof drawnRange>,
  b: ReturnType<typeof drawnRange>,
): boolean {
  return a.from === b.from && a.to === b.to && a.after === b.after;
}

/** An edit in progress: the text typed so far and what is wrong with it, if anything. */
export interface SheetEdit extends SheetAddress {
  draft: string;
  error: string | null;
  /** True when typing started the edit: the arrow keys then commit and move, as in a spreadsheet. */
  typed: boolean;
}

/** The key of a cell: `group|row|col` (ids never hold `|`). */
export function cellKey(at: SheetAddress): string {
  return `${at.group}|${at.row}|${at.col}`;
}

/** The cell of a key made by {@link cellKey}; null when it is not one. */
export function cellOfKey(key: string): SheetAddress | null {
  const parts = key.split('|');
  if (parts.length !== 3) return null;
  const [group, row, col] = [parts[0], Number(parts[1]), Number(parts[2])];
  return Number.isInteger(row) && Number.isInteger(col) ? { group, row, col } : null;
}

/** A counter whose reads are tracked: a version to bump. */
function versionSource(): { read(): number; bump(): void } {
  let version = $state(0);
  return {
    read: () => version,
    bump: () => {
      version++;
    },
  };
}

/**
 * One cell of thousands marked at a time (the active cell, the cell being edited). A
 * cell reads the version of its bucket (cells hashed into 128), so a move tells the few
 * cells that share a bucket with the old or new cell, not every cell of the sheet.
 * (Sources are made up front: state created while a cell renders would not be tracked.)
 */
class CellMark {
  static readonly BUCKETS = 128;
  readonly #buckets = Array.from({ length: CellMark.BUCKETS }, versionSource);
  #current: string | null = null;

  has(key: string): boolean {
    this.#buckets[bucketOf(key)].read();
    return key === this.#current;
  }

  set(key: string | null): void {
    if (key === this.#current) return;
    const previous = this.#current;
    this.#current = key;
    if (previous !== null) this.#buckets[bucketOf(previous)].bump();
    if (key !== null) this.#buckets[bucketOf(key)].bump();
  }
}

function bucketOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return (hash >>> 0) % CellMark.BUCKETS;
}

/**
 * The keyboard and editing behaviour of a spreadsheet-like grid, without the DOM: the
 * active cell (kept by group id, so it survives filtering and scrolling), the edit in
 * progress, moves, commits, clears and pastes. The grid component shows it and asks
 * it to reveal the active cell after a move.
 */
export class SheetController {
  static #count = 0;
  /** Unique on the page: the prefix of the ids of this sheet's cells. */
  readonly id = `sheet${++SheetController.#count}`;
  readonly #model: SheetModel;
  #active = $state<SheetAddress | null>(null);
  #editState = $state<SheetEdit | null>(null);
  /** A message about the last paste or clear that failed, shown above the sheet. */
  #message = $state<string | null>(null);
  #reveal: ((focus: boolean) => void) | null = null;
  #detail: ((at: SheetAddress, because: string | null) => void) | null = null;
  readonly #activeMark = new CellMark();
  readonly #editMark = new CellMark();
  #drawn = $state.raw<ColumnWindow | null>(null);

  constructor(model: SheetModel) {
    this.#model = model;
  }

  /** Position of each group in the sheet. */
  readonly #groupIndex = $derived.by(() => positionsOf(this.#model.groups()));

  readonly #resolved = $derived.by((): SheetAddress | null => {
    const groups = this.#model.groups();
    const rows = this.#model.rowsPerGroup();
    const cols = this.#model.columns();
    if (groups.length === 0 || rows === 0 || cols === 0) return null;
    const at = this.#active;
    if (!at || !this.#groupIndex.has(at.group)) {
      return { group: groups[0], row: 0, col: at ? Math.min(at.col, cols - 1) : 0 };
    }
    return { group: at.group, row: Math.min(at.row, rows - 1), col: Math.min(at.col, cols - 1) };
  });

  /** The active cell, clamped to the sheet as it is now; null when the sheet is empty. */
  get active(): SheetAddress | null {
    return this.#resolved;
  }

  /** The position of the active cell's group in the sheet; -1 when the sheet is empty. */
  get activeIndex(): number {
    const at = this.#resolved;
    return at ? (this.#groupIndex.get(at.group) ?? -1) : -1;
  }

  /** The group of the active cell as set (even when filtered out), for keeping it in view. */
  get activeGroup(): string | null {
    return this.#active?.group ?? null;
  }

  get edit(): SheetEdit | null {
    return this.#editState;
  }

  get #edit(): SheetEdit | null {
    return this.#editState;
  }

  set #edit(edit: SheetEdit | null) {
    this.#editState = edit;
    this.#editMark.set(edit ? cellKey(edit) : null);
  }

  get message(): string | null {
    return this.#message;
  }

  dismissMessage(): void {
    this.#message = null;
  }

  /** The grid component's way to scroll to and focus the active cell. */
  onReveal(reveal: (focus: boolean) => void): () => void {
    this.#reveal = reveal;
    return () => {
      if (this.#reveal === reveal) this.#reveal = null;
    };
  }

  /**
   * The page's way to open a cell's detail (the streams of a demand cell), told why when
   * typing opened it; returns the function that stops it.
   */
  onDetail(open: (at: SheetAddress, because: string | null) => void): () => void {
    this.#detail = open;
    return () => {
      if (this.#detail === open) this.#detail = null;
    };
  }

  /** Opens the active cell's detail (Alt+Enter); false when it has none. */
  openDetail(): boolean {
    const at = this.active;
    const info = at ? this.#model.cell(at) : null;
    if (!at || !info?.detail || !this.#detail) return false;
    this.#detail({ ...at }, null);
    return true;
  }

  /** The columns the grid draws now; null when it draws them all. */
  get drawnColumns(): ColumnWindow | null {
    return this.#drawn;
  }

  /** The grid's way to say which columns it draws (null: all); the same window is kept. */
  drawColumns(window: ColumnWindow | null): void {
    const drawn = this.#drawn;
    if (
      drawn === window ||
      (drawn && window && drawn.from === window.from && drawn.to === window.to)
    ) {
      return;
    }
    this.#drawn = window;
  }

  /** True for the active cell (the one that takes focus); only that cell is told of a move. */
  isActive(key: string): boolean {
    return this.#activeMark.has(key);
  }

  /** True for the cell being edited. */
  isEditing(key: string): boolean {
    return this.#editMark.has(key);
  }

  /** Marks the active cell as it is now; the grid runs this in an effect. */
  markActive(): void {
    const at = this.active;
    this.#activeMark.set(at ? cellKey(at) : null);
  }

  /** Makes a cell active (a click or focus); an edit elsewhere is committed first. */
  activate(at: SheetAddress): void {
    const current = this.#active;
    if (current && current.group === at.group && current.row === at.row && current.col === at.col) {
      return;
    }
    if (this.#edit && !this.#sameCell(this.#edit, at)) {
      if (!this.commit()) {
        this.#reveal?.(true);
        return;
      }
    }
    this.#active = { ...at };
    this.#model.focus(this.#active);
  }

  /** Makes a cell active and scrolls it into view without taking the focus (a link to it). */
  show(at: SheetAddress): void {
    this.#active = { ...at };
    this.#reveal?.(false);
  }

  /** Moves the active cell by rows and columns; rows run on across groups. */
  move(rows: number, cols: number): void {
    const next = this.target(rows, cols);
    if (next) this.#go(next);
  }

  /** The cell {@link move} goes to from the active one (clamped to the sheet); null with none. */
  target(rows: number, cols: number): SheetAddress | null {
    const at = this.active;
    if (!at) return null;
    const groups = this.#model.groups();
    const perGroup = this.#model.rowsPerGroup();
    const total = groups.length * perGroup;
    const flat = (this.#groupIndex.get(at.group) ?? 0) * perGroup + at.row;
    const next = Math.max(0, Math.min(total - 1, flat + rows));
    const col = Math.max(0, Math.min(this.#model.columns() - 1, at.col + cols));
    return { group: groups[Math.floor(next / perGroup)], row: next % perGroup, col };
  }

  /** Moves to the first or last column of the row. */
  moveToColumn(edge: 'first' | 'last'): void {
    const at = this.active;
    if (!at) return;
    this.#go({ ...at, col: edge === 'first' ? 0 : this.#model.columns() - 1 });
  }

  /** Moves to the first or the last cell of the sheet. */
  moveToCorner(edge: 'first' | 'last'): void {
    const groups = this.#model.groups();
    if (groups.length === 0) return;
    this.#go(
      edge === 'first'
        ? { group: groups[0], row: 0, col: 0 }
        : {
            group: groups[groups.length - 1],
            row: this.#model.rowsPerGroup() - 1,
            col: this.#model.columns() - 1,
          },
    );
  }

  /**
   * Starts editing the active cell: with the typed character, or with its value (Enter,
   * F2, double click). Refused (false) when the cell cannot be edited.
   */
  startEdit(typed?: string): boolean {
    const at = this.active;
    if (!at) return false;
    const info = this.#model.cell(at);
    if (!info?.editable) return false;
    if (info.opensDetail !== undefined && info.detail && this.#detail) {
      this.#message = info.opensDetail;
      this.#detail({ ...at }, info.opensDetail);
      return true;
    }
    this.#message = null;
    this.#edit = {
      ...at,
      draft: typed ?? (info.value === null ? '' : String(info.value)),
      error: null,
      typed: typed !== undefined,
    };
    return true;
  }

  /** Keeps what is typed in the editor. */
  type(draft: string): void {
    if (this.#edit) this.#edit = { ...this.#edit, draft };
  }

  /** Leaves the edit without writing; the cell keeps its value. */
  cancel(): void {
    if (!this.#edit) return;
    this.#edit = null;
    this.#reveal?.(true);
  }

  /**
   * Writes the edit and, when done, moves by `rows` / `cols`. Invalid text is refused
   * with a message naming the problem, and the editor stays open with the text typed.
   * Returns true when the edit was written (or there was none). `refocus` false leaves
   * the focus where the person put it (the editor lost it to something else).
   */
  commit(rows = 0, cols = 0, refocus = true): boolean {
    const edit = this.#edit;
    if (!edit) return true;
    const info = this.#model.cell(edit);
    if (!info?.editable) {
      this.#edit = { ...edit, error: 'This cell can no longer be edited.' };
      return false;
    }
    if (info.opensDetail !== undefined) {
      // Someone adjusted it while this was typed: what it shows is now a consensus.
      this.#edit = { ...edit, error: info.opensDetail };
      return false;
    }
    const reading = readNumber(edit.draft);
    if (reading.kind === 'invalid') {
      this.#edit = { ...edit, error: numberProblem(reading, info.measure) };
      return false;
    }
    const value = reading.kind === 'empty' ? null : reading.value;
    if (value !== info.value) {
      const error = this.#model.write(edit, value);
      if (error) {
        this.#edit = { ...edit, error };
        return false;
      }
    }
    this.#edit = null;
    if (rows !== 0 || cols !== 0) this.move(rows, cols);
    else if (refocus) this.#reveal?.(true);
    return true;
  }

  /** Clears the active cell (Delete): it then counts as 0. */
  clear(): void {
    const at = this.active;
    if (!at) return;
    const info = this.#model.cell(at);
    if (!info?.editable || info.value === null) return;
    if (info.opensDetail !== undefined) {
      this.#message = info.opensDetail;
      return;
    }
    const error = this.#model.write(at, null);
    this.#message = error;
  }

  /** Pastes clipboard text at the active cell: one value, or a block in one step. */
  paste(text: string): void {
    const at = this.active;
    if (!at) return;
    const reading = readBlock(text);
    if (!reading.ok) {
      this.#message = blockProblemText(reading.problems);
      return;
    }
    if (reading.rows === 0) return;
    if (reading.rows === 1 && reading.columns === 1) {
      const info = this.#model.cell(at);
      if (!info?.editable) {
        this.#message = `${info?.measure ?? 'This cell'} is computed by the plan: paste onto an input row.`;
        return;
      }
      if (info.opensDetail !== undefined) {
        this.#message = info.opensDetail;
        return;
      }
      this.#message = this.#model.write(at, reading.block[0][0]);
      return;
    }
    if (!this.#model.writeBlock) {
      this.#message = 'Paste one value at a time here.';
      return;
    }
    this.#message = this.#model.writeBlock(at, reading.block);
  }

  /** The active cell's content as text, for copying. */
  copyText(): string {
    const at = this.active;
    const info = at ? this.#model.cell(at) : null;
    if (!info) return '';
    return info.value === null ? (info.text ?? '') : String(info.value);
  }

  undo(): void {
    this.#model.undo();
  }

  redo(): void {
    this.#model.redo();
  }

  /** The sheet lost focus: the others no longer see my cell. */
  blur(): void {
    this.#model.focus(null);
  }

  #go(at: SheetAddress): void {
    this.#active = at;
    this.#model.focus(at);
    this.#reveal?.(true);
  }

  #sameCell(a: SheetAddress, b: SheetAddress): boolean {
    return a.group === b.group && a.row === b.row && a.col === b.col;
  }
}
