import { describe, expect, it } from 'vitest';
import {
  compareWithDemand,
  methodWords,
} from '../../../../client/src/forecast/baseline-compare.ts';
import { historyMonths } from '../../../../client/src/forecast/history-status.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const PERIODS = months('2026-12', 3);

describe('the baseline beside the demand it would replace', () => {
  it('compares the same months, rounded as written, with the baseline stream under adjustments', () => {
    const plan = makePlan({
      periods: PERIODS,
      // The consensus of 2027-01 is 150 (baseline 100 + sales 50): compared is the 100.
      demand: { A: row(PERIODS, [90, 150, 110]) },
      demandStreams: {
        streams: ['sales'],
        baseline: { A: { '2027-01': 100 } },
        adjustments: {
          A: { '2027-01': { sales: { amount: 50, author: 'Ana', reason: 'promotion' } } },
        },
        overrides: {},
      },
    });
    // The baseline starts a month before the horizon (actuals behind): that month is not written.
    const forecast = ['2026-11', ...PERIODS].map((month, i) => ({ month, value: 100.4 + i }));
    expect(compareWithDemand(plan, 'A', forecast)).toEqual({
      months: PERIODS,
      baseline: 101 + 102 + 103,
      current: 90 + 100 + 110,
      difference: 306 - 300,
    });
  });

  it('words the methods as the page says them', () => {
    expect(methodWords('median of ETS(A,Ad,M), Theta and seasonal naive')).toBe(
      'median of exponential smoothing (A,Ad,M), Theta and seasonal naive',
    );
    expect(methodWords('mean of Theta and naive')).toBe('mean of Theta and naive');
  });
});

describe('the months of a history, for the marks', () => {
  it('says in words what the baseline does with each flagged or marked month', () => {
    const history = { months: months('2026-01', 4), values: [10, 90, 12, 11] };
    const outliers = [{ index: 1, month: '2026-02', value: 90, expected: 11.4 }];
    const shown = historyMonths({ history, outliers }, { '2026-03': 'oneOff', '2026-04': 'keep' });
    expect(shown.map((m) => [m.month, m.value, m.status?.words ?? null, m.status?.tone])).toEqual([
      ['2026-01', 10, null, undefined],
      ['2026-02', 90, 'Outlier: replaced by 11', 'bad'],
      ['2026-03', 12, 'One-off (promotion): replaced by trend and season', 'warn'],
      ['2026-04', 11, 'Kept (real event)', 'info'],
    ]);
    const kept = historyMonths({ history, outliers }, { '2026-02': 'keep' });
    expect(kept[1].status).toEqual({ words: 'Outlier kept (real event)', tone: 'info' });
    // The recorded value never changes with a mark.
    expect(kept[1].value).toBe(90);
  });
});
