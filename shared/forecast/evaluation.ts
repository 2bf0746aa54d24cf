import { forecastBaseline } from './baseline.ts';
import { correctedHistory } from './outliers.ts';

/** One series of a forecasting competition: its history and the periods that followed. */
export interface CompetitionSeries {
  name: string;
  history: number[];
  future: number[];
}

/** Accuracy of one method: over horizons 1 to H, and per horizon. */
export interface MethodAccuracy {
  method: string;
  /** Mean absolute scaled error over every series and horizon. */
  mase: number;
  /** Mean absolute percentage error (points with an actual of 0 are left out). */
  mape: number;
  perHorizon: { horizon: number; mase: number; mape: number }[];
}

/** An evaluation of the baseline and the forecasts it is made of. */
export interface Evaluation {
  /** Series evaluated (those with a history of at least two points and H future points). */
  series: number;
  /** Series left out, with why. */
  skipped: { name: string; reason: string }[];
  horizon: number;
  period: number;
  /** Points left out of MAPE because the actual was 0. */
  zeroActuals: number;
  methods: MethodAccuracy[];
}

/** The methods evaluated, in the order reported. */
export const EVALUATED_METHODS = ['baseline', 'ETS', 'Theta', 'seasonal naive'] as const;

/**
 * Evaluates the statistical baseline, and each forecast it is made of, on competition
 * series, each forecast made from the history with its outliers corrected
 * (`correctedHistory`), as the product does: MASE scaled by the in-sample mean absolute error of the seasonal naive
 * forecast (lag `period`; lag 1 when the history is shorter than a season), and MAPE,
 * averaged over series and horizons 1 to `horizon`, as the forecasting competitions
 * report them. A series whose exponential smoothing cannot be fitted counts the
 * baseline's fallback as its ETS forecast. `onProgress` hears after each series.
 */
export function evaluateBaseline(
  series: readonly CompetitionSeries[],
  period: number,
  horizon: number,
  onProgress?: (done: number, total: number) => void,
): Evaluation {
  const count = EVALUATED_METHODS.length;
  const scaled = Array.from({ length: count }, () => new Float64Array(horizon));
  const percent = Array.from({ length: count }, () => new Float64Array(horizon));
  const percentPoints = new Float64Array(horizon);
  const skipped: Evaluation['skipped'] = [];
  let used = 0;
  let zeroActuals = 0;
  series.forEach((one, index) => {
    const scale = naiveScale(one.history, period);
    if (one.future.length < horizon) {
      skipped.push({ name: one.name, reason: `fewer than ${horizon} future points` });
    } else if (!(scale > 0)) {
      skipped.push({ name: one.name, reason: 'no in-sample change to scale errors by' });
    } else {
      // As in the product: the baseline forecasts the corrected history (outliers
      // replaced); errors are scaled by the history as it was.
      const corrected = correctedHistory(one.history, period).values;
      const baseline = forecastBaseline(corrected, period, horizon);
      const forecasts = [
        baseline.forecast,
        baseline.parts.ets ?? baseline.forecast,
        baseline.parts.theta,
        baseline.parts.naive,
      ];
      for (let k = 0; k < horizon; k++) {
        const actual = one.future[k];
        if (actual === 0) zeroActuals++;
        else percentPoints[k]++;
        forecasts.forEach((forecast, m) => {
          const error = Math.abs(actual - forecast[k]);
          scaled[m][k] += error / scale;
          if (actual !== 0) percent[m][k] += (100 * error) / Math.abs(actual);
        });
      }
      used++;
    }
    onProgress?.(index + 1, series.length);
  });
  const methods = EVALUATED_METHODS.map((method, m) => {
    const perHorizon = Array.from({ length: horizon }, (_, k) => ({
      horizon: k + 1,
      mase: scaled[m][k] / used,
      mape: percent[m][k] / percentPoints[k],
    }));
    let maseSum = 0;
    let mapeSum = 0;
    let mapeCount = 0;
    for (let k = 0; k < horizon; k++) {
      maseSum += scaled[m][k];
      mapeSum += percent[m][k];
      mapeCount += percentPoints[k];
    }
    return { method, mase: maseSum / (used * horizon), mape: mapeSum / mapeCount, perHorizon };
  });
  return { series: used, skipped, horizon, period, zeroActuals, methods };
}

/** The in-sample mean absolute error of the seasonal naive forecast (MASE's scale). */
function naiveScale(history: readonly number[], period: number): number {
  const lag = history.length > period ? period : 1;
  let sum = 0;
  let count = 0;
  for (let t = lag; t < history.length; t++) {
    sum += Math.abs(history[t] - history[t - lag]);
    count++;
  }
  return count === 0 ? NaN : sum / count;
}
