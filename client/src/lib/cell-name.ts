/**
 * What a screen reader says for a cell of the plan's grids: which cell it is (its row,
 * family or resource, and month), then what it shows and, where the cell's colour marks a
 * status, that status in words, so nothing is told by colour alone.
 */

import { GAP_KIND_LABEL, STATUS_LABEL } from './labels.ts';
import type { CellView } from './plan-cells.ts';

/** The status a cell's tone stands for, in words; none for tones its text already says. */
const TONE_WORDS: Readonly<Record<string, string>> = {
  shortage: STATUS_LABEL.shortage,
  belowSafetyStock: STATUS_LABEL.belowSafetyStock,
  overstock: STATUS_LABEL.overstock,
  overload: GAP_KIND_LABEL.overload,
  belowBudget: GAP_KIND_LABEL.belowBudget,
  tight: 'Tight',
};

/**
 * The accessible name of a grid cell: `Projected inventory, Cordless drills, 2027-03:
 * 1,240, below safety stock`. `label` says which cell it is (`measure, subject, month`);
 * the shown text follows after a colon, then the status its tone or chip stands for when
 * the text does not already say it.
 */
export function cellAccessibleName(label: string, view: CellView): string {
  // A dash says "nothing here": its tooltip says why (`No budget this month`).
  const words = [view.text === '—' && view.title ? view.title : view.text];
  const status = view.chip ? view.title : view.tone ? TONE_WORDS[view.tone] : undefined;
  if (status && !view.text.toLowerCase().includes(status.toLowerCase())) {
    words.push(status.toLowerCase());
  }
  return `${label}: ${words.join(', ')}`;
}
