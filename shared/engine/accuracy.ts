import { addMonths } from '../dates.ts';
import type { ResolvedSettings } from './settings.ts';
import { DEFAULT_FORECAST_LAG } from './demand-streams.ts';
import type {
  Accuracy,
  AccuracyTotal,
  ActualMonth,
  Family,
  ForecastSnapshot,
  HistoryPoint,
  Month,
} from './types.ts';

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

/** One month with both a demand actual and a forecast. */
interface Point {
  actual: number;
  forecast: number;
  /** The demand actual of the month before, when known (the naive forecast). */
  naive: number | undefined;
}

/**
 * Forecast accuracy per family and pooled over all families (domain.md 4.7), with each
 * family's tracking signal over the last `trackingWindow` points. The demand actual of a
 * month is `actuals.ordered` when recorded, else `history.actual`; errors are
 * forecast − actual (positive: over-forecast). Months are taken in calendar order so
 * sums round the same everywhere. There is no pooled tracking signal: the total counts
 * the families in alarm.
 */
export function computeAccuracy(
  families: readonly Family[],
  history: Record<string, Record<Month, HistoryPoint>>,
  actuals: Record<string, Record<Month, ActualMonth>>,
  settings: Pick<ResolvedSettings, 'trackingWindow' | 'trackingLimit'>,
  snapshots: readonly ForecastSnapshot[] = [],
): { families: Record<string, Accuracy>; total: AccuracyTotal } {
  const byFamily: Record<string, Accuracy> = {};
  const pooled = emptySums();
  const byCycle = new Map(snapshots.map((snapshot) => [snapshot.cycle, snapshot]));
  const lagCounts = new Map<number, number>();
  let inAlarm = 0;
  let tracked = 0;
  let lagZeroForWant = 0;
  for (const family of families) {
    const lagSet = family.forecastLag ?? DEFAULT_FORECAST_LAG;
    const own = history[family.id] ?? {};
    const facts = actuals[family.id] ?? {};
    let lag = lagSet;
    let points = lagSet > 0 ? snapshotPoints(family.id, lagSet, byCycle, own, facts) : [];
    if (points.length === 0) {
      lag = 0;
      points = pointsOf(own, facts, (month) => own[month]?.forecast);
      if (lagSet > 0 && points.length > 0) lagZeroForWant++;
    }
    const sums = sumPoints(points);
    const window = sumPoints(points.slice(-settings.trackingWindow));
    const accuracy = { ...measures(sums, window, settings.trackingLimit), lag, lagSet };
    byFamily[family.id] = accuracy;
    if (points.length > 0) lagCounts.set(lag, (lagCounts.get(lag) ?? 0) + 1);
    for (const key of Object.keys(pooled) as (keyof AccuracySums)[]) pooled[key] += sums[key];
    if (accuracy.points > 0) tracked++;
    if (accuracy.alarm) inAlarm++;
  }
  const total = measures(pooled, emptySums(), settings.trackingLimit);
  // The most common lag, the smaller on a tie.
  const lag = [...lagCounts].sort(([a, n], [b, m]) => m - n || a - b)[0]?.[0] ?? 0;
  return {
    families: byFamily,
    total: { ...total, lag, lagSet: lagZeroForWant, inAlarm, tracked },
  };
}

/**
 * A family's points judged at `lag`: each month with a demand actual, forecast by the
 * consensus frozen in the snapshot of the cycle `lag` months before it.
 */
function snapshotPoints(
  family: string,
  lag: number,
  byCycle: ReadonlyMap<Month, ForecastSnapshot>,
  history: Record<Month, HistoryPoint>,
  actuals: Record<Month, ActualMonth>,
): Point[] {
  return pointsOf(
    history,
    actuals,
    (month) => byCycle.get(addMonths(month, -lag))?.families[family]?.[month]?.consensus,
  );
}

function pointsOf(
  history: Record<Month, HistoryPoint>,
  actuals: Record<Month, ActualMonth>,
  forecastOf: (month: Month) => number | undefined,
): Point[] {
  const demandActual = (month: Month) => actuals[month]?.ordered ?? history[month]?.actual;
  const months = new Set([...Object.keys(history), ...Object.keys(actuals)]);
  const points: Point[] = [];
  for (const month of [...months].sort()) {
    const actual = demandActual(month);
    const forecast = forecastOf(month);
    if (actual === undefined || forecast === undefined) continue;
    points.push({ actual, forecast, naive: demandActual(addMonths(month, -1)) });
  }
  return points;
}

function sumPoints(points: readonly Point[]): AccuracySums {
  const sums = emptySums();
  for (const { actual, forecast, naive } of points) {
    const error = forecast - actual;
    sums.points++;
    sums.absError += Math.abs(error);
    sums.error += error;
    sums.actual += actual;
    sums.forecast += forecast;
    if (actual > 0) {
      sums.pctSum += Math.abs(error) / actual;
      sums.pctPoints++;
    }
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

function measures(
  sums: AccuracySums,
  window: AccuracySums,
  limit: number,
): Omit<Accuracy, 'lag' | 'lagSet'> {
  const naiveWmape = ratio(sums.fvaNaiveAbsError, sums.fvaActual);
  const fvaWmape = ratio(sums.fvaAbsError, sums.fvaActual);
  const windowMad = ratio(window.absError, window.points);
  const trackingSignal = windowMad === null ? null : ratio(window.error, windowMad);
  return {
    points: sums.points,
    wmape: ratio(sums.absError, sums.actual),
    mape: ratio(sums.pctSum, sums.pctPoints),
    bias: ratio(sums.error, sums.actual),
    mad: ratio(sums.absError, sums.points),
    trackingSignal,
    trackingPoints: window.points,
    windowBias: ratio(window.error, window.actual),
    alarm: trackingSignal !== null && Math.abs(trackingSignal) > limit,
    fva: naiveWmape === null || fvaWmape === null ? null : naiveWmape - fvaWmape,
  };
}
