import type { HistoryMark, Month } from '../../../shared/engine/types.ts';
import type { BaselineResult } from './baseline-job.ts';

/** A month of a family's demand history as the page shows it: value, flag, mark, status. */
export interface HistoryMonth {
  month: Month;
  /** The demand recorded, never changed by a flag or a mark. */
  value: number;
  /** What trend and season say it would have been, when the month is a flagged outlier. */
  expected: number | null;
  mark: HistoryMark | null;
  /** Where the month stands for the baseline, in words and a colour tone; null: as recorded. */
  status: { words: string; tone: 'bad' | 'warn' | 'info' } | null;
}

/** The words of each mark, as the controls offer them. */
export const MARK_WORDS: Readonly<Record<HistoryMark, string>> = {
  keep: 'keep (real event)',
  oneOff: 'one-off (promotion)',
};

/**
 * Each month of a family's history with its outlier flag (from the run) and its mark
 * (as the plan holds it now), and what the baseline does with it: a flagged outlier is
 * replaced by its expected value unless kept; a one-off is replaced too.
 */
export function historyMonths(
  row: Pick<BaselineResult, 'history' | 'outliers'>,
  marks: Readonly<Record<Month, HistoryMark>> = {},
  quantity: (value: number) => string = String,
): HistoryMonth[] {
  const flagged = new Map(row.outliers.map((outlier) => [outlier.month, outlier.expected]));
  return row.history.months.map((month, i) => {
    const expected = flagged.get(month) ?? null;
    const mark = marks[month] ?? null;
    return {
      month,
      value: row.history.values[i],
      expected,
      mark,
      status: statusOf(expected, mark),
    };
  });

  function statusOf(expected: number | null, mark: HistoryMark | null): HistoryMonth['status'] {
    if (mark === 'oneOff') {
      return {
        words:
          expected === null
            ? 'One-off (promotion): replaced by trend and season'
            : `One-off (promotion): replaced by ${quantity(Math.round(expected))}`,
        tone: 'warn',
      };
    }
    if (mark === 'keep') {
      return {
        words: expected === null ? 'Kept (real event)' : 'Outlier kept (real event)',
        tone: 'info',
      };
    }
    if (expected === null) return null;
    return { words: `Outlier: replaced by ${quantity(Math.round(expected))}`, tone: 'bad' };
  }
}
