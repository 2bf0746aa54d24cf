/**
 * Classical decomposition (a centred moving average of one season as the trend) and the
 * seasonality test the Theta method uses. Pure functions of a history.
 */

/**
 * The seasonal figure of a history by classical decomposition: per position in the
 * season (0 = the position of the history's first point), the average of the history
 * over its centred moving-average trend (multiplicative: ratio; additive: difference),
 * normalized to average 1 (multiplicative) or 0 (additive). Null when the history is
 * shorter than two seasons, or a multiplicative figure meets a trend at or below 0.
 */
export function seasonalFigure(
  y: ArrayLike<number>,
  period: number,
  type: 'additive' | 'multiplicative',
): Float64Array | null {
  const n = y.length;
  if (period < 2 || n < 2 * period) return null;
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (even) {
      // A 2×m moving average: half weights at both ends.
      trend += 0.5 * (y[t - half] + y[t + half]);
      for (let k = t - half + 1; k < t + half; k++) trend += y[k];
    } else {
      for (let k = t - half; k <= t + half; k++) trend += y[k];
    }
    trend /= period;
    if (type === 'multiplicative') {
      if (!(trend > 0)) return null;
      sums[t % period] += y[t] / trend;
    } else sums[t % period] += y[t] - trend;
    counts[t % period]++;
  }
  const figure = new Float64Array(period);
  let total = 0;
  for (let k = 0; k < period; k++) {
    figure[k] = sums[k] / counts[k];
    total += figure[k];
  }
  const mean = total / period;
  for (let k = 0; k < period; k++) {
    figure[k] = type === 'multiplicative' ? figure[k] / mean : figure[k] - mean;
  }
  return figure;
}

/**
 * Whether a history is seasonal at `period`: its autocorrelation at that lag is
 * significant at 90% (one-sided 95% normal quantile), with Bartlett's standard error
 * from the lower lags. Needs at least two seasons of history.
 */
export function isSeasonal(y: ArrayLike<number>, period: number): boolean {
  const n = y.length;
  if (period < 2 || n < 2 * period) return false;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t];
  mean /= n;
  let variance = 0;
  for (let t = 0; t < n; t++) variance += (y[t] - mean) ** 2;
  if (variance === 0) return false;
  let lowerSquares = 0;
  let last = 0;
  for (let lag = 1; lag <= period; lag++) {
    let sum = 0;
    for (let t = lag; t < n; t++) sum += (y[t] - mean) * (y[t - lag] - mean);
    const r = sum / variance;
    if (lag < period) lowerSquares += r * r;
    else last = r;
  }
  const standardError = Math.sqrt((1 + 2 * lowerSquares) / n);
  return Math.abs(last) / standardError > 1.6448536269514722;
}
