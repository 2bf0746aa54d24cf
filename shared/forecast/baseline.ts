import { autoEts, forecastEts, formName } from './ets.ts';
import { seasonalNaive, thetaForecast } from './theta.ts';

/** The statistical baseline of one history: its forecast and how it was made. */
export interface Baseline {
  /** Point forecasts for the next `horizon` periods, never negative. */
  forecast: number[];
  /** The method in words, e.g. "median of ETS(M,Ad,M), Theta and seasonal naive". */
  method: string;
  /** The exponential smoothing form chosen by AICc; null when the history is too short. */
  etsForm: string | null;
  /** The forecasts the baseline is made of (exponential smoothing: null when not fitted). */
  parts: { ets: Float64Array | null; theta: Float64Array; naive: Float64Array };
}

/**
 * The statistical baseline (domain.md, the demand review): per period, the median of
 * three forecasts of the history (exponential smoothing with its form chosen by AICc,
 * the Theta method, and seasonal naive), so no single model's failure carries the
 * forecast. Too short a history for exponential smoothing gives the mean of the other
 * two; an empty history gives zeros. Demand is never negative, so neither is the
 * baseline. Pure and deterministic.
 */
export function forecastBaseline(
  history: readonly number[],
  period: number,
  horizon: number,
): Baseline {
  const n = history.length;
  if (n === 0) {
    const zeros = new Float64Array(horizon);
    return {
      forecast: new Array<number>(horizon).fill(0),
      method: 'no history: zero',
      etsForm: null,
      parts: { ets: null, theta: zeros, naive: zeros },
    };
  }
  const naive = seasonalNaive(history, n >= period ? period : 1, horizon);
  const naiveName = n >= period && period > 1 ? 'seasonal naive' : 'naive';
  const theta = thetaForecast(history, period, horizon);
  const ets = n >= 3 ? autoEts(history, period) : null;
  const forecast = new Array<number>(horizon);
  if (ets === null) {
    for (let i = 0; i < horizon; i++) forecast[i] = atLeastZero((theta[i] + naive[i]) / 2);
    return {
      forecast,
      method: `mean of Theta and ${naiveName}`,
      etsForm: null,
      parts: { ets: null, theta, naive },
    };
  }
  const smoothed = forecastEts(ets, horizon);
  for (let i = 0; i < horizon; i++) {
    forecast[i] = atLeastZero(median(smoothed[i], theta[i], naive[i]));
  }
  const form = formName(ets.form);
  return {
    forecast,
    method: `median of ${form}, Theta and ${naiveName}`,
    etsForm: form,
    parts: { ets: smoothed, theta, naive },
  };
}

function median(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

function atLeastZero(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
