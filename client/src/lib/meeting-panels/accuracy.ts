import type {
  Accuracy,
  AccuracyTotal,
  Month,
  Plan,
  Reconciliation,
} from '../../../../shared/engine/index.ts';
import {
  performance,
  type FamilyPerformance,
  type Performance,
  type PerformanceMeasures,
} from '../../../../shared/engine/performance.ts';
import { planSettings } from '../../../../shared/engine/settings.ts';

/** A family's forecast accuracy, named; `alarm` is the engine's, at the plan's limit. */
export interface FamilyAccuracy extends Accuracy {
  id: string;
  name: string;
}

/** A family's service in the month just ended, named. */
export interface FamilyService extends PerformanceMeasures {
  id: string;
  name: string;
}

/** What "How are we executing" shows (agenda item 2). */
export interface ExecutionReport {
  /** The month just ended, whose performance is shown. */
  endedMonth: Month;
  /**
   * Fill rates, OTIF and plan attainment over all families in the month just ended;
   * null when the cycle records none of them for that month.
   */
  service: PerformanceMeasures | null;
  /** Families whose service is recorded, lowest unit fill rate first. */
  serviceByFamily: FamilyService[];
  /** Forecast accuracy over all families (pooled, but no pooled tracking signal). */
  total: AccuracyTotal;
  /** Families with history: alarms first, then the least accurate (highest WMAPE). */
  families: FamilyAccuracy[];
  /** The lags the families with history are judged at, smallest first, with how many each. */
  lags: { lag: number; families: number }[];
  /** Families judged at lag 0 for want of snapshots at their lag. */
  lagZeroForWant: number;
  /** Families whose tracking signal is beyond the limit. */
  alarms: number;
  /** Families whose signal could be read (at least one point). */
  tracked: number;
  /** The tracking signal's alarm limit (± this) and window (points), from the settings. */
  limit: number;
  window: number;
  /** Fewest points whose tracking signal can pass the limit: |signal| ≤ points. */
  pointsToAlarm: number;
  /** Families read over fewer points than that: their signal cannot raise an alarm. */
  tooFewPoints: number;
}

/**
 * The numbers of agenda item 2 (domain.md 4.7 and 4.8): service in the month just ended
 * (unit and value fill rate, OTIF, plan attainment) from the plan's actuals, and forecast
 * accuracy per family with its windowed tracking signal. The total never pools tracking
 * signals: it counts the families in alarm. `measured` is `performance(plan)` when the
 * caller already has it.
 */
export function executionReport(
  plan: Plan,
  result: Reconciliation,
  measured: Performance = performance(plan),
): ExecutionReport {
  const settings = planSettings(plan);
  const names = new Map(result.families.map((family) => [family.id, family.name]));
  const families: FamilyAccuracy[] = [];
  for (const family of result.families) {
    const accuracy = result.accuracy.families[family.id];
    if (!accuracy || accuracy.points === 0) continue;
    families.push({ ...accuracy, id: family.id, name: family.name });
  }
  families.sort(
    (a, b) =>
      Number(b.alarm) - Number(a.alarm) ||
      (b.wmape ?? -Infinity) - (a.wmape ?? -Infinity) ||
      a.name.localeCompare(b.name) ||
      (a.id < b.id ? -1 : 1),
  );
  const lagCounts = new Map<number, number>();
  for (const family of families) lagCounts.set(family.lag, (lagCounts.get(family.lag) ?? 0) + 1);
  const pointsToAlarm = Math.floor(settings.trackingLimit) + 1;
  const serviceByFamily = measured.families
    .filter(hasService)
    .map((family) => serviceOf(family, names.get(family.id) ?? family.id))
    .sort(
      (a, b) =>
        (a.unitFillRate ?? Infinity) - (b.unitFillRate ?? Infinity) ||
        (a.otif ?? Infinity) - (b.otif ?? Infinity) ||
        a.name.localeCompare(b.name),
    );
  return {
    endedMonth: measured.endedMonth,
    service: hasService(measured.total) ? measured.total : null,
    serviceByFamily,
    total: result.accuracy.total,
    families,
    lags: [...lagCounts]
      .sort(([a], [b]) => a - b)
      .map(([lag, count]) => ({ lag, families: count })),
    lagZeroForWant: result.accuracy.total.lagSet,
    alarms: result.accuracy.total.inAlarm,
    tracked: result.accuracy.total.tracked,
    limit: settings.trackingLimit,
    window: settings.trackingWindow,
    pointsToAlarm,
    tooFewPoints: families.filter((family) => family.trackingPoints < pointsToAlarm).length,
  };
}

/** Whether any service measure is recorded. */
function hasService(measures: PerformanceMeasures): boolean {
  return (
    measures.unitFillRate !== null ||
    measures.valueFillRate !== null ||
    measures.otif !== null ||
    measures.planAttainment !== null
  );
}

function serviceOf(family: FamilyPerformance, name: string): FamilyService {
  return {
    id: family.id,
    name,
    unitFillRate: family.unitFillRate,
    valueFillRate: family.valueFillRate,
    otif: family.otif,
    planAttainment: family.planAttainment,
  };
}
