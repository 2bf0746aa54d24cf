import { describe, expect, it } from 'vitest';
import {
  stepLabel,
  thisCycleByStep,
  valueAddedOf,
  valueAddedView,
  verdictOf,
  pointsText,
  wmapeText,
} from '../../../../client/src/lib/value-added-view.ts';
import { forecastLagProblem, lagList, lagWords } from '../../../../client/src/lib/forecast-lag.ts';
import { valueAddedPlan as plan } from '../../../helpers/value-added-plan.ts';

/** WMAPE in percent from the errors of each step over the actuals' sum. */
const wmapes = (errors: number[], actual: number) => errors.map((e) => (100 * e) / actual);

describe('valueAddedView: forecast value added by step', () => {
  const view = valueAddedView(plan());

  it('names the steps: seasonal naive, baseline, each stream, consensus', () => {
    expect(view.steps.map((step) => step.label)).toEqual([
      'Seasonal naive',
      'Baseline',
      '+ Sales',
      '+ Marketing',
      'Consensus',
    ]);
    expect(view.snapshots).toEqual({ count: 2, first: '2026-12', last: '2027-01' });
  });

  it('judges A at lag 1 over January and February, by hand', () => {
    const a = view.families.find((family) => family.id === 'A')!;
    expect(a.lag).toBe(1);
    expect(a.points).toBe(2);
    // Actuals 100 and 120 (Σ 220). Errors: naive |80−100| + |110−120| = 30; baseline
    // 10 + 20 = 30; + sales 10 + 5 = 15; + marketing 5 + 5 = 10; consensus 5 + 5 = 10.
    const expected = wmapes([30, 30, 15, 10, 10], 220);
    a.steps.forEach((step, s) => expect(step.wmape).toBeCloseTo(expected[s], 10));
    expect(a.steps.map((step) => step.fva)).toEqual([
      null,
      0,
      expect.closeTo(100 * (15 / 220), 10),
      expect.closeTo(100 * (5 / 220), 10),
      0,
    ]);
    expect(a.steps.map((step) => step.verdict)).toEqual([null, 'same', 'helped', 'helped', 'same']);
    expect(a.adjustmentsFva).toBeCloseTo(100 * (20 / 220), 10); // 13.64 − 4.55 = +9.09
  });

  it('judges B at its lag 2: marketing destroyed what sales added', () => {
    const b = view.families.find((family) => family.id === 'B')!;
    expect(b.lag).toBe(2);
    expect(b.points).toBe(1);
    // February: actual 50, naive 60, frozen in December: 40, 45, 60, 60.
    expect(b.steps.map((step) => step.wmape)).toEqual([20, 20, 10, 20, 20]);
    expect(b.steps.map((step) => step.fva)).toEqual([null, 0, 10, -10, 0]);
    expect(b.steps[3].verdict).toBe('hurt');
    expect(b.adjustmentsFva).toBe(0);
  });

  it('lists the families with no point at their lag apart, and orders the rest by harm', () => {
    expect(view.unjudged).toEqual([{ id: 'C', name: 'Hedge trimmers', lag: 3 }]);
    // B's adjustments added 0 points, A's +9.09: B first.
    expect(view.families.map((family) => family.id)).toEqual(['B', 'A']);
  });

  it('pools every judged family in the total and says which lags it covers', () => {
    const { total } = view;
    expect(total.points).toBe(3);
    expect(total.families).toBe(2);
    expect(total.lags).toEqual([
      { lag: 1, families: 1 },
      { lag: 2, families: 1 },
    ]);
    // Σ actual 270; errors naive 40, baseline 40, + sales 20, + marketing 20, consensus 20.
    const expected = wmapes([40, 40, 20, 20, 20], 270);
    total.steps.forEach((step, s) => expect(step.wmape).toBeCloseTo(expected[s], 10));
    expect(total.steps[2].fva).toBeCloseTo(100 * (20 / 270), 10);
    expect(total.processFva).toBeCloseTo(100 * (20 / 270), 10);
    expect(total.adjustmentsFva).toBeCloseTo(100 * (20 / 270), 10);
  });

  it('follows a change of lag: B at lag 1 is judged by January’s snapshot, then perfect', () => {
    const b = valueAddedView(plan(1)).families.find((family) => family.id === 'B')!;
    expect(b.lag).toBe(1);
    // February from January's close: 50 at every step; January has no older snapshot for B.
    expect(b.points).toBe(1);
    expect(b.steps.map((step) => step.wmape)).toEqual([20, 0, 0, 0, 0]);
    expect(b.steps[1].fva).toBe(20);
  });

  it('has no snapshots and judges nobody when no cycle has closed', () => {
    const empty = valueAddedView({ ...plan(), forecastSnapshots: undefined });
    expect(empty.snapshots).toBeNull();
    expect(empty.families).toEqual([]);
    expect(empty.total.points).toBe(0);
    expect(empty.total.steps.every((step) => step.wmape === null)).toBe(true);
    expect(empty.unjudged.map((family) => family.id)).toEqual(['A', 'B', 'C']);
  });
});

describe('valueAddedOf: once per plan object', () => {
  it('gives the same view for the same plan, and a new one for a new plan', () => {
    const first = plan();
    expect(valueAddedOf(first)).toBe(valueAddedOf(first));
    expect(valueAddedOf(first)).toEqual(valueAddedView(first));
    const second = plan(1);
    expect(valueAddedOf(second)).not.toBe(valueAddedOf(first));
    expect(valueAddedOf(second).families.find((f) => f.id === 'B')?.lag).toBe(1);
  });
});

describe('thisCycleByStep: the horizon at each step of the live plan', () => {
  it('adds each stream to the baseline in turn and ends on the consensus the plan uses', () => {
    const view = thisCycleByStep(plan());
    expect(view).toEqual({
      from: '2027-03',
      to: '2027-05',
      months: 3,
      // Baseline: A 100 + 100 + 80, B 150, C 30 = 460; sales +30; marketing −5; the
      // consensus 285 + 150 + 30 = 465 (May set by hand at 70, not 80 + 10).
      steps: [
        { key: 'baseline', label: 'Baseline', units: 460, change: null },
        { key: '+ sales', label: '+ Sales', units: 490, change: 30 },
        { key: '+ marketing', label: '+ Marketing', units: 485, change: -5 },
        { key: 'consensus', label: 'Consensus', units: 465, change: -20 },
      ],
      overridden: 1,
    });
  });

  it('is the demand alone when nobody adjusted it', () => {
    const steps = thisCycleByStep({ ...plan(), demandStreams: undefined }).steps;
    expect(steps.map((step) => step.units)).toEqual([465, 465, 465, 465]);
  });
});

describe('words', () => {
  it('names a stream a workspace added with a capital, and reads a verdict to a tenth', () => {
    expect(stepLabel('+ retail')).toBe('+ Retail');
    expect(verdictOf(0.04)).toBe('same');
    expect(verdictOf(-0.06)).toBe('hurt');
    expect(verdictOf(null)).toBeNull();
  });
});

describe('lag words', () => {
  it('says what a lag means and lists the lags a pooled number covers', () => {
    expect(lagWords(1)).toBe('lag 1: the forecast frozen one cycle before the month');
    expect(lagWords(3)).toBe('lag 3: the forecast frozen three cycles before the month');
    expect(lagWords(0)).toBe('lag 0: the forecast recorded for the month itself');
    expect(lagList([1])).toBe('lag 1');
    expect(lagList([0, 1, 3])).toBe('lags 0, 1 and 3');
  });

  it('takes a typed lag from 0 to 6 whole cycles, or empty', () => {
    expect(forecastLagProblem(null)).toBeNull();
    expect(forecastLagProblem(0)).toBeNull();
    expect(forecastLagProblem(6)).toBeNull();
    expect(forecastLagProblem(7)).toMatch(/from 0 to 6/);
    expect(forecastLagProblem(1.5)).toMatch(/whole number/);
  });
});

describe('numbers in words', () => {
  it('writes WMAPE to a tenth and value added signed in points', () => {
    expect(wmapeText(100 * (30 / 220))).toBe('13.6%');
    expect(wmapeText(null)).toBe('—');
    expect(pointsText(100 * (15 / 220))).toBe('+6.8 pts');
    expect(pointsText(-10)).toBe('−10.0 pts');
    expect(pointsText(-0.01)).toBe('0.0 pts');
  });
});
