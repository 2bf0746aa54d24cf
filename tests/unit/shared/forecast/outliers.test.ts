import { describe, expect, it } from 'vitest';
import { correctedHistory, findOutliers } from '../../../../shared/forecast/outliers.ts';

const seasonal = Array.from(
  { length: 48 },
  (_, t) => 200 + t + 40 * Math.sin((2 * Math.PI * t) / 12) + ((t * 37) % 7),
);

describe('outliers in a history', () => {
  it('flags a one-off spike and nothing else', () => {
    const history = [...seasonal];
    history[30] += 400;
    const outliers = findOutliers(history, 12);
    expect(outliers.map((o) => o.index)).toEqual([30]);
    expect(outliers[0].value).toBe(history[30]);
    expect(Math.abs(outliers[0].expected - seasonal[30])).toBeLessThan(40);
  });

  it('finds none in a regular seasonal history, a constant one or a short one', () => {
    expect(findOutliers(seasonal, 12)).toEqual([]);
    expect(findOutliers(new Array(36).fill(10), 12)).toEqual([]);
    expect(findOutliers([1, 500, 2], 12)).toEqual([]);
  });

  it('replaces outliers and marked one-offs, keeps what a person kept, never goes below 0', () => {
    const history = [...seasonal];
    history[30] += 400;
    const { values, outliers } = correctedHistory(history, 12);
    expect(outliers).toHaveLength(1);
    expect(Math.abs(values[30] - seasonal[30])).toBeLessThan(40);
    expect(values[29]).toBe(history[29]);

    const kept = correctedHistory(history, 12, { keep: new Set([30]) });
    expect(kept.values[30]).toBe(history[30]);

    const promotion = correctedHistory(seasonal, 12, { replace: new Set([5]) });
    expect(promotion.values[5]).not.toBe(seasonal[5]);
    expect(promotion.values[5]).toBeGreaterThanOrEqual(0);
  });
});
