/** A point of a history flagged as unusual, and the value the baseline uses instead. */
export interface Outlier {
  /** Index in the history (0 = oldest). */
  index: number;
  value: number;
  /** What the history's trend and season say the point would have been. */
  expected: number;
}

/**
 * Flags the unusual points of a history (the rule of R's `tsoutliers`, with a
 * centred running median for the smoother): the history is split into a trend (a
 * centred running median over one season and a point, or over five points without a
 * season; the ends take the nearest), a season (per position in the season, the median of
 * the history less its trend, when the history spans two seasons) and a remainder; a point is an
 * outlier when its remainder lies more than three interquartile ranges outside the
 * remainders' quartiles. Needs at least eight points; fewer give no outliers.
 */
export function findOutliers(history: readonly number[], period: number): Outlier[] {
  const n = history.length;
  if (n < 8) return [];
  // A positive history is split on the log scale: a season that scales with the level
  // (most demand) is then additive, and a big month is not mistaken for an outlier.
  const logScale = history.every((value) => value > 0);
  const scaled = logScale ? history.map(Math.log) : history;
  const fitted = expectedValues(scaled, period);
  const expected = expectedOf(history, period);
  const remainder = scaled.map((value, t) => value - fitted[t]);
  const sorted = [...remainder].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const spread = 3 * (q3 - q1);
  if (!(spread > 0)) return [];
  const unusual = remainder.map((r) => r < q1 - spread || r > q3 + spread);
  // An outlier stands alone: two unusual points in a row are a change of level, and the
  // last points have nothing after them to show they did not last.
  const settled = n - Math.max(2, Math.min(period, 4));
  const outliers: Outlier[] = [];
  unusual.forEach((flag, index) => {
    if (flag && !unusual[index - 1] && !unusual[index + 1] && index < settled) {
      outliers.push({ index, value: history[index], expected: expected[index] });
    }
  });
  return outliers;
}

/**
 * The history the baseline forecasts from: each outlier replaced by its expected value,
 * unless it is marked to be kept (a real, repeatable event); `replace` adds points a
 * person marked as one-off (a promotion) to be replaced the same way.
 */
export function correctedHistory(
  history: readonly number[],
  period: number,
  marks: { keep?: ReadonlySet<number>; replace?: ReadonlySet<number> } = {},
): { values: number[]; outliers: Outlier[] } {
  const outliers = findOutliers(history, period);
  const values = [...history];
  const flagged = new Set(outliers.map((o) => o.index));
  for (const index of marks.replace ?? []) flagged.add(index);
  if (flagged.size === 0) return { values, outliers };
  const expected = expectedOf(history, period);
  for (const index of flagged) {
    if (marks.keep?.has(index) || index < 0 || index >= history.length) continue;
    values[index] = Math.max(0, expected[index]);
  }
  return { values, outliers };
}

/** What trend and season say each point would be, on the log scale for a positive history. */
function expectedOf(history: readonly number[], period: number): number[] {
  if (!history.every((value) => value > 0)) return expectedValues(history, period);
  return expectedValues(history.map(Math.log), period).map(Math.exp);
}

/**
 * What trend and season say each point would be: a centred running median over one
 * season and a point (five points without a season), plus, when the history spans two seasons, the
 * median per position in the season of the history less its trend (a median, so one
 * spike does not move its whole month), centred on 0.
 */
function expectedValues(history: readonly number[], period: number): number[] {
  const n = history.length;
  const seasonal = period > 1 && n >= 2 * period;
  const trend = runningMedian(history, seasonal ? period + 1 : 5);
  if (!seasonal) return trend;
  const figure = Array.from({ length: period }, (_, position) => {
    const detrended: number[] = [];
    for (let t = position; t < n; t += period) detrended.push(history[t] - trend[t]);
    return quantile(
      detrended.sort((a, b) => a - b),
      0.5,
    );
  });
  const mean = figure.reduce((sum, value) => sum + value, 0) / period;
  return trend.map((value, t) => value + figure[t % period] - mean);
}

/**
 * A centred running median over `window` points (made odd), the ends taking the
 * nearest: a level that one spike cannot move.
 */
function runningMedian(y: readonly number[], window: number): number[] {
  const n = y.length;
  const half = Math.floor(window / 2);
  const out = new Array<number>(n);
  for (let t = 0; t < n; t++) {
    const from = Math.min(Math.max(0, t - half), Math.max(0, n - 2 * half - 1));
    const to = Math.min(n, from + 2 * half + 1);
    out[t] = quantile(
      y.slice(from, to).sort((a, b) => a - b),
      0.5,
    );
  }
  return out;
}

/** The `p` quantile of sorted values, interpolated linearly (R's type 7). */
function quantile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}
