import { addMonths, monthsBetween, type Month } from '../dates.ts';
import type { Plan } from '../engine/types.ts';
import { forecastBaseline } from './baseline.ts';
import { correctedHistory, type Outlier } from './outliers.ts';

/** Months in a season of monthly demand. */
export const MONTHS_PER_SEASON = 12;

/** A family's demand history: consecutive months, oldest first. */
export interface DemandHistory {
  months: Month[];
  values: number[];
}

/**
 * A family's demand history from a plan: per month before the plan's first period, the
 * units ordered recorded as that month's actuals, else the history's actual. Only the
 * latest unbroken run of months counts (a month with neither ends it), so every
 * history the baseline sees is consecutive.
 */
export function demandHistory(plan: Plan, family: string): DemandHistory {
  const recorded = new Map<Month, number>();
  for (const [month, point] of Object.entries(plan.history[family] ?? {})) {
    if (point.actual !== undefined) recorded.set(month, point.actual);
  }
  for (const [month, facts] of Object.entries(plan.actuals?.[family] ?? {})) {
    if (facts.ordered !== undefined) recorded.set(month, facts.ordered);
  }
  const first = plan.periods[0];
  const before = [...recorded.keys()].filter((month) => month < first).sort();
  if (before.length === 0) return { months: [], values: [] };
  let start = before.length - 1;
  while (start > 0 && monthsBetween(before[start - 1], before[start]) === 1) start--;
  const months = before.slice(start);
  return { months, values: months.map((month) => recorded.get(month)!) };
}

/** One family's statistical baseline, with the history it came from. */
export interface FamilyBaseline {
  family: string;
  name: string;
  historyMonths: number;
  /** The first and last month of the history used; null without history. */
  historyFrom: Month | null;
  historyTo: Month | null;
  outliers: (Outlier & { month: Month })[];
  method: string;
  etsForm: string | null;
  /** Baseline per month, from the month after the history. */
  forecast: { month: Month; value: number }[];
}

/**
 * The statistical baseline of every family of a plan (pure and deterministic): its
 * demand history corrected for outliers, forecast for the plan's periods (and the
 * months between the history's end and the first period, when actuals are behind),
 * or for `horizon` months when given.
 */
export function planBaselines(plan: Plan, horizon?: number): FamilyBaseline[] {
  return plan.families.map((family) => {
    const history = demandHistory(plan, family.id);
    const last = history.months.at(-1);
    const start = last === undefined ? plan.periods[0] : addMonths(last, 1);
    const through = plan.periods[plan.periods.length - 1];
    const count = horizon ?? Math.max(1, monthsBetween(start, through) + 1);
    const marks = plan.historyMarks?.[family.id] ?? {};
    const marked = (kind: string) =>
      new Set(history.months.flatMap((month, i) => (marks[month] === kind ? [i] : [])));
    const corrected = correctedHistory(history.values, MONTHS_PER_SEASON, {
      keep: marked('keep'),
      replace: marked('oneOff'),
    });
    const baseline = forecastBaseline(corrected.values, MONTHS_PER_SEASON, count);
    return {
      family: family.id,
      name: family.name,
      historyMonths: history.months.length,
      historyFrom: history.months[0] ?? null,
      historyTo: last ?? null,
      outliers: corrected.outliers.map((o) => ({ ...o, month: history.months[o.index] })),
      method: baseline.method,
      etsForm: baseline.etsForm,
      forecast: baseline.forecast.map((value, i) => ({ month: addMonths(start, i), value })),
    };
  });
}
