import { describe, expect, it } from 'vitest';
import {
  forecastValueAdded,
  type ForecastSnapshot,
} from '../../../../shared/forecast/value-added.ts';

const cell = (baseline: number, sales: number, marketing: number, consensus: number) => ({
  baseline,
  adjustments: { sales, marketing },
  consensus,
});

/** Four closes' frozen forecasts of family k for January and February 2027. */
const snapshots: ForecastSnapshot[] = [
  { cycle: '2026-10', families: { k: { '2027-01': cell(70, 40, -5, 105) } } },
  { cycle: '2026-11', families: { k: { '2027-02': cell(130, -20, 0, 110) } } },
  {
    cycle: '2026-12',
    families: { k: { '2027-01': cell(90, 20, -5, 105), '2027-02': cell(100, 0, 0, 100) } },
  },
  {
    cycle: '2027-01',
    families: { k: { '2027-01': cell(95, 0, 0, 95), '2027-02': cell(115, 10, 0, 130) } },
  },
];

const ACTUALS: Record<string, number> = {
  '2026-01': 80,
  '2026-02': 110,
  '2027-01': 100,
  '2027-02': 120,
};
const actual = (_family: string, month: string) => ACTUALS[month] ?? null;

const steps = (lag: number) =>
  forecastValueAdded(snapshots, actual, ['k'], ['sales', 'marketing'], {}, lag).total.steps;

describe('forecast value added by step', () => {
  it('at lag 1 judges each month by the forecast frozen a month before it', () => {
    // Actuals 100 and 120 (Σ 220); errors per step over both months, by hand.
    const result = steps(1);
    expect(result.map((s) => s.step)).toEqual([
      'seasonal naive',
      'baseline',
      '+ sales',
      '+ marketing',
      'consensus',
    ]);
    const wmape = [30, 15, 15, 10, 15].map((error) => (100 * error) / 220);
    result.forEach((step, s) => expect(step.wmape).toBeCloseTo(wmape[s], 10));
    expect(result[0].fva).toBeNull();
    expect(result[1].fva).toBeCloseTo(wmape[0] - wmape[1], 10); // +6.82 points
    expect(result[2].fva).toBeCloseTo(0, 10);
    expect(result[3].fva).toBeCloseTo(wmape[2] - wmape[3], 10); // +2.27
    expect(result[4].fva).toBeCloseTo(wmape[3] - wmape[4], 10); // −2.27: the override hurt
  });

  it('at lag 3 uses the forecasts frozen three months before', () => {
    const result = steps(3);
    const wmape = [30, 40, 20, 15, 15].map((error) => (100 * error) / 220);
    result.forEach((step, s) => expect(step.wmape).toBeCloseTo(wmape[s], 10));
    expect(result[1].fva).toBeCloseTo(wmape[0] - wmape[1], 10); // the baseline lost 4.55
    expect(result[2].fva).toBeCloseTo(wmape[1] - wmape[2], 10); // sales added 9.09
  });

  it('at lag 0 counts only months with a forecast frozen in the month itself', () => {
    const result = forecastValueAdded(snapshots, actual, ['k'], ['sales', 'marketing'], {}, 0);
    expect(result.total.points).toBe(1);
    expect(result.total.steps[1].wmape).toBeCloseTo(5, 10); // |95 − 100| / 100
  });

  it('takes a lag per family and leaves out months without every step', () => {
    const result = forecastValueAdded(
      snapshots,
      (family, month) => (month === '2026-02' ? null : actual(family, month)),
      ['k', 'empty'],
      ['sales', 'marketing'],
      { k: 3 },
    );
    expect(result.families[0]).toMatchObject({ family: 'k', lag: 3, points: 1 });
    expect(result.families[1].points).toBe(0);
    expect(result.families[1].steps.every((s) => s.wmape === null && s.fva === null)).toBe(true);
  });
});
