import { cellStreamsOf, isAdjusted, streamNames } from '../../../shared/engine/demand-streams.ts';
import type { Plan } from '../../../shared/engine/types.ts';
import type { CellView } from './plan-cells.ts';
import { markWords } from './stream-words.ts';

/**
 * The marks of the demand grid: a family-month someone adjusted, or whose consensus the
 * facilitator set by hand, shows a corner mark and says why in words.
 */

/** A cell's mark: its words (for assistive technology and the tooltip) and its kind (colour). */
export interface CellMark {
  text: string;
  kind: 'adjusted' | 'override';
}

/** A cell of a sheet that may carry a mark and open a detail of its own. */
export interface MarkedCellView extends CellView {
  mark?: CellMark;
  /** The cell opens a detail (its streams): the active cell offers a button for it. */
  detail?: boolean;
}

/** Marks by family, then month. */
export type StreamMarks = ReadonlyMap<string, ReadonlyMap<string, CellMark>>;

/** Every mark of the plan's demand grid, from its streams. */
export function streamMarks(plan: Plan | null, format: (value: number) => string): StreamMarks {
  const marks = new Map<string, Map<string, CellMark>>();
  const streams = plan?.demandStreams;
  if (!plan || !streams) return marks;
  const names = streamNames(plan);
  const places = new Set<string>();
  for (const source of [streams.adjustments, streams.overrides]) {
    for (const [family, months] of Object.entries(source)) {
      for (const month of Object.keys(months)) places.add(`${family}|${month}`);
    }
  }
  for (const place of [...places].sort()) {
    const at = place.indexOf('|');
    const [family, month] = [place.slice(0, at), place.slice(at + 1)];
    if (!isAdjusted(plan, family, month)) continue;
    const cell = cellStreamsOf(plan, family, month);
    const text = markWords(cell, names, format);
    if (text === null) continue;
    let row = marks.get(family);
    if (!row) marks.set(family, (row = new Map()));
    row.set(month, { text, kind: cell.override ? 'override' : 'adjusted' });
  }
  return marks;
}

/**
 * `next`, with each family's marks kept as the very map `previous` held when they read
 * alike: only a family whose marks changed redraws its row. When nothing changed it is
 * `previous` itself, so an edit that adjusts nothing tells no row.
 */
export function keepUnchangedMarks(previous: StreamMarks, next: StreamMarks): StreamMarks {
  const kept = new Map<string, ReadonlyMap<string, CellMark>>();
  let changed = previous.size !== next.size;
  for (const [family, row] of next) {
    const before = previous.get(family);
    const same = before !== undefined && sameMarks(before, row);
    if (!same) changed = true;
    kept.set(family, same ? before : row);
  }
  return changed ? kept : previous;
}

function sameMarks(a: ReadonlyMap<string, CellMark>, b: ReadonlyMap<string, CellMark>): boolean {
  if (a.size !== b.size) return false;
  for (const [month, mark] of a) {
    const other = b.get(month);
    if (!other || other.text !== mark.text || other.kind !== mark.kind) return false;
  }
  return true;
}
