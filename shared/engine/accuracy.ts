import { addMonths } from '../dates.ts';
import type { Accuracy, Family, HistoryPoint, Month } from './types.ts';

/** Running sums over forecast points; pooling families is adding their sums. */
interface AccuracySums {
  points: number;
  absError: number;
  error: number;
  actual: number;
  forecast: number;
  pctSum: number;
  pctPoints: number;
  /** Over points whose previous month has an actual (for forecast value added). */
  fvaActual: number;
  fvaAbsError: number;
  fvaNaiveAbsError: number;
}

function emptySums(): AccuracySums {
  return {
    points: 0,
    absError: 0,
    error: 0,
    actual: 0,
    forecast: 0,
    pctSum: 0,
    pctPoints: 0,
    fvaActual: 0,
    fvaAbsError: 0,
    fvaNaiveAbsError: 0,
  };
}

/**
 * Forecast accuracy per family and pooled over all families, from history
 * (domain.md 4.7). Months are taken in calendar order so sums round the same everywhere.
 */
export function computeAccuracy(
  families: readonly Family[],
  history: Record<string, Record<Month, HistoryPoint>>,
): { families: Record<string, Accuracy>; total: Accuracy } {
  const byFamily: Record<string, Accuracy> = {};
  const pooled = emptySums();
  for (const family of families) {
    const sums = sumHistory(history[family.id] ?? {});
    byFamily[family.id] = measures(sums);
    for (const key of Object.keys(pooled) as (keyof AccuracySums)[]) pooled[key] += sums[key];
  }
  return { families: byFamily, total: measures(pooled) };
}

function sumHistory(history: Record<Month, HistoryPoint>): AccuracySums {
  const sums = emptySums();
  for (const month of Object.keys(history).sort()) {
    const { actual, forecast } = history[month];
    if (actual === undefined || forecast === undefined) continue;
    const error = actual - forecast;
    sums.points++;
    sums.absError += Math.abs(error);
    sums.error += error;
    sums.actual += actual;
    sums.forecast += forecast;
    if (actual > 0) {
      sums.pctSum += Math.abs(error) / actual;
      sums.pctPoints++;
    }
    const naive = history[addMonths(month, -1)]?.actual;
    if (naive !== undefined) {
      sums.fvaActual += actual;
      sums.fvaAbsError += Math.abs(error);
      sums.fvaNaiveAbsError += Math.abs(actual - naive);
    }
  }
  return sums;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function measures(sums: AccuracySums): Accuracy {
  const mad = ratio(sums.absError, sums.points);
  const naiveWmape = ratio(sums.fvaNaiveAbsError, sums.fvaActual);
  const fvaWmape = ratio(sums.fvaAbsError, sums.fvaActual);
  return {
    points: sums.points,
    wmape: ratio(sums.absError, sums.actual),
    mape: ratio(sums.pctSum, sums.pctPoints),
    bias: ratio(sums.forecast - sums.actual, sums.actual),
    mad,
    trackingSignal: mad === null ? null : ratio(sums.error, mad),
    fva: naiveWmape === null || fvaWmape === null ? null : naiveWmape - fvaWmape,
  };
}
