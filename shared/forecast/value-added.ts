import { addMonths, type Month } from '../dates.ts';
import type { ForecastSnapshot } from '../engine/types.ts';

export type { ForecastSnapshot, SnapshotCell } from '../engine/types.ts';

/** Accuracy of one step of the forecast process, over the points all steps share. */
export interface StepAccuracy {
  step: string;
  /** Σ|forecast − actual| / Σ actual; null without points or with no demand at all. */
  wmape: number | null;
  /**
   * Forecast value added: the previous step's WMAPE minus this one's, in percentage
   * points (positive: the step made the forecast better); null for the first step.
   */
  fva: number | null;
}

/** The steps' accuracy for one family, or for all together. */
export interface ValueAddedRow {
  /** The family's id; null for the total over families. */
  family: string | null;
  lag: number;
  /** Family-months compared: an actual, a snapshot at the lag and a seasonal naive forecast. */
  points: number;
  steps: StepAccuracy[];
}

/** Forecast value added by step, per family and in total. */
export interface ValueAdded {
  /** Seasonal naive, the baseline, the baseline plus each stream in turn, the consensus. */
  steps: string[];
  families: ValueAddedRow[];
  total: ValueAddedRow;
}

/**
 * Forecast value added by step (domain.md, the demand review). For each family-month
 * `m` with an actual, the snapshot of cycle `m − lag` (lag per family; `lags` falls back
 * to `defaultLag`) gives each step's forecast: seasonal naive (the actual of `m − 12`,
 * which was known at the time for lags up to 12), the baseline, the baseline plus the
 * first stream's adjustment, plus the next, and so on, and the consensus. A point
 * counts only when every step has a forecast for it, so steps are compared like with
 * like. WMAPE = Σ|F − A| / Σ A over the points, in percent; FVA of a step = the
 * previous step's WMAPE − its own. The total pools every family's points.
 */
export function forecastValueAdded(
  snapshots: readonly ForecastSnapshot[],
  actual: (family: string, month: Month) => number | null,
  families: readonly string[],
  streams: readonly string[],
  lags: Readonly<Record<string, number>> = {},
  defaultLag = 1,
): ValueAdded {
  const steps = ['seasonal naive', 'baseline', ...streams.map((s) => `+ ${s}`), 'consensus'];
  const byCycle = new Map(snapshots.map((snapshot) => [snapshot.cycle, snapshot]));
  const totalErrors = new Float64Array(steps.length);
  let totalActual = 0;
  let totalPoints = 0;
  const rows = families.map((family): ValueAddedRow => {
    const lag = lags[family] ?? defaultLag;
    const errors = new Float64Array(steps.length);
    let actualSum = 0;
    let points = 0;
    const months = new Set<Month>();
    for (const snapshot of snapshots) {
      for (const month of Object.keys(snapshot.families[family] ?? {})) months.add(month);
    }
    for (const month of [...months].sort()) {
      const made = byCycle.get(addMonths(month, -lag))?.families[family]?.[month];
      const happened = actual(family, month);
      const naive = actual(family, addMonths(month, -12));
      if (made === undefined || happened === null || naive === null) continue;
      const forecasts = [naive, made.baseline];
      let adjusted = made.baseline;
      for (const stream of streams) {
        adjusted += made.adjustments[stream] ?? 0;
        forecasts.push(adjusted);
      }
      forecasts.push(made.consensus);
      forecasts.forEach((forecast, s) => {
        errors[s] += Math.abs(forecast - happened);
        totalErrors[s] += Math.abs(forecast - happened);
      });
      actualSum += happened;
      totalActual += happened;
      points++;
      totalPoints++;
    }
    return { family, lag, points, steps: stepAccuracy(steps, errors, actualSum, points) };
  });
  const lagsUsed = new Set(rows.map((row) => row.lag));
  return {
    steps,
    families: rows,
    total: {
      family: null,
      lag: lagsUsed.size === 1 ? [...lagsUsed][0] : defaultLag,
      points: totalPoints,
      steps: stepAccuracy(steps, totalErrors, totalActual, totalPoints),
    },
  };
}

function stepAccuracy(
  steps: readonly string[],
  errors: Float64Array,
  actualSum: number,
  points: number,
): StepAccuracy[] {
  const wmape = (s: number) => (points > 0 && actualSum > 0 ? (100 * errors[s]) / actualSum : null);
  return steps.map((step, s) => {
    const own = wmape(s);
    const before = s === 0 ? null : wmape(s - 1);
    return { step, wmape: own, fva: own === null || before === null ? null : before - own };
  });
}
