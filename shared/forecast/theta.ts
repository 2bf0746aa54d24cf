import { isSeasonal, seasonalFigure } from './decompose.ts';
import { fitEts, forecastEts } from './ets.ts';

/**
 * The Theta method (Assimakopoulos and Nikolopoulos 2000) in the form of Hyndman and
 * Billah (2003): simple exponential smoothing with drift equal to half the slope of the
 * history's least-squares line, on the history seasonally adjusted by classical
 * multiplicative decomposition when it tests seasonal (and is positive).
 */
export function thetaForecast(y: ArrayLike<number>, period: number, horizon: number): Float64Array {
  const n = y.length;
  let figure: Float64Array | null = null;
  let positive = true;
  for (let t = 0; t < n; t++) if (!(y[t] > 0)) positive = false;
  if (positive && isSeasonal(y, period)) figure = seasonalFigure(y, period, 'multiplicative');
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) adjusted[t] = figure ? y[t] / figure[t % period] : y[t];
  const ses = fitEts(adjusted, 1, { error: 'A', trend: 'N', season: 'N' });
  const out = new Float64Array(horizon);
  if (ses === null) {
    out.fill(n > 0 ? adjusted[n - 1] : 0);
  } else {
    out.set(forecastEts(ses, horizon));
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let t = 0; t < n; t++) {
      sx += t;
      sy += adjusted[t];
      sxx += t * t;
      sxy += t * adjusted[t];
    }
    const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const alpha = Math.max(1e-10, ses.alpha);
    const offset = (1 - (1 - alpha) ** n) / alpha;
    for (let i = 0; i < horizon; i++) out[i] += (slope / 2) * (i + offset);
  }
  if (figure) for (let i = 0; i < horizon; i++) out[i] *= figure[(n + i) % period];
  return out;
}

/** Each month's forecast is the same month one season earlier. */
export function seasonalNaive(y: ArrayLike<number>, period: number, horizon: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(horizon);
  if (n === 0) return out;
  const lag = Math.min(period, n);
  for (let i = 0; i < horizon; i++) out[i] = y[n - lag + (i % lag)];
  return out;
}
