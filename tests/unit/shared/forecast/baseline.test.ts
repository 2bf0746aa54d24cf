import { describe, expect, it } from 'vitest';
import { forecastBaseline } from '../../../../shared/forecast/baseline.ts';
import { autoEts, fitEts, forecastEts } from '../../../../shared/forecast/ets.ts';
import { seasonalNaive, thetaForecast } from '../../../../shared/forecast/theta.ts';

/** A seasonal history with trend: 60 months, season of 12. */
function seasonalHistory(months: number): number[] {
  return Array.from(
    { length: months },
    (_, t) => 100 + 2 * t + 30 * Math.sin((2 * Math.PI * t) / 12) + ((t * 7919) % 13) - 6,
  );
}

describe('seasonal naive', () => {
  it('repeats the last season', () => {
    expect([...seasonalNaive([1, 2, 3, 4, 5, 6], 3, 5)]).toEqual([4, 5, 6, 4, 5]);
  });
});

describe('exponential smoothing', () => {
  it('forecasts a constant history as that constant', () => {
    const model = fitEts(new Array(24).fill(50), 12, { error: 'A', trend: 'N', season: 'N' });
    expect(model).not.toBeNull();
    for (const value of forecastEts(model!, 6)) expect(value).toBeCloseTo(50, 6);
  });

  it('follows a straight line with an additive trend', () => {
    const line = Array.from({ length: 36 }, (_, t) => 10 + 3 * t);
    const model = fitEts(line, 1, { error: 'A', trend: 'A', season: 'N' });
    const next = forecastEts(model!, 3);
    expect(next[0]).toBeCloseTo(10 + 3 * 36, 0);
    expect(next[2]).toBeCloseTo(10 + 3 * 38, 0);
  });

  it('chooses a seasonal form for a seasonal history', () => {
    const model = autoEts(seasonalHistory(60), 12);
    expect(model?.form.season).not.toBe('N');
  });
});

describe('Theta', () => {
  it('drifts with half the slope of a straight line', () => {
    const line = Array.from({ length: 40 }, (_, t) => 100 + 4 * t);
    const next = thetaForecast(line, 1, 2);
    // SES on a line lags it; the drift (half the slope, 2 a month) moves the forecast on.
    expect(next[1] - next[0]).toBeCloseTo(2, 6);
  });
});

describe('the baseline', () => {
  it('is the median of the three forecasts, never negative', () => {
    const history = seasonalHistory(60);
    const baseline = forecastBaseline(history, 12, 12);
    const ets = forecastEts(autoEts(history, 12)!, 12);
    const theta = thetaForecast(history, 12, 12);
    const naive = seasonalNaive(history, 12, 12);
    for (let i = 0; i < 12; i++) {
      const sorted = [ets[i], theta[i], naive[i]].sort((a, b) => a - b);
      expect(baseline.forecast[i]).toBe(Math.max(0, sorted[1]));
    }
    expect(baseline.method).toMatch(/^median of ETS\(/);
  });

  it('gives zeros for an empty history and says so', () => {
    const baseline = forecastBaseline([], 12, 3);
    expect(baseline.forecast).toEqual([0, 0, 0]);
    expect(baseline.method).toBe('no history: zero');
    expect(baseline.etsForm).toBeNull();
  });

  it('is finite and deterministic for every kind of history', () => {
    const histories = [
      [5],
      [0, 0, 0, 0],
      new Array(60).fill(7),
      new Array(60).fill(0),
      seasonalHistory(60),
      seasonalHistory(13),
      [0, 10, 0, 0, 25, 0, 0, 0, 40, 0, 0, 5],
    ];
    for (const history of histories) {
      const first = forecastBaseline(history, 12, 18);
      const again = forecastBaseline([...history], 12, 18);
      expect(again).toEqual(first);
      expect(first.forecast).toHaveLength(18);
      for (const value of first.forecast) {
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
