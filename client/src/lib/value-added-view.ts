import {
  DEFAULT_FORECAST_LAG,
  isAdjusted,
  streamNames,
  type Month,
  type Plan,
} from '../../../shared/engine/index.ts';
import { forecastValueAdded, type StepAccuracy } from '../../../shared/forecast/value-added.ts';
import { FUNCTION_WORDS } from '../../../shared/vocabulary/index.ts';

/**
 * What the demand review shows of forecast value added (domain.md 4.12): per family and
 * in total, each step's WMAPE and what the step added, judged at each family's lag from
 * the forecasts frozen at earlier closes; and, for the cycle as it stands, the
 * horizon's units at each step, from the live streams.
 */

/** Whether a step made the forecast better, worse, or left it as it was (to a tenth of a point). */
export type StepVerdict = 'helped' | 'hurt' | 'same';

/** One step of the process as a column: its key from the engine and its name in words. */
export interface StepColumn {
  /** The engine's name: `seasonal naive`, `baseline`, `+ sales`, `consensus`. */
  key: string;
  /** `Seasonal naive`, `Baseline`, `+ Sales`, `Consensus`. */
  label: string;
}

/** One step's accuracy, with a verdict on its value added. */
export interface StepCell extends StepAccuracy {
  /** Null for the first step (nothing before it) or without points. */
  verdict: StepVerdict | null;
}

/** One family's value added by step. */
export interface FamilyValueAdded {
  id: string;
  name: string;
  /** The lag it is judged at: its setting (0 to 6), 1 when it sets none. */
  lag: number;
  /** Family-months judged: an actual, the snapshot at the lag, the actual a year before. */
  points: number;
  steps: StepCell[];
  /** Baseline WMAPE − consensus WMAPE, in points: what the adjustments added together. */
  adjustmentsFva: number | null;
}

/** The families sharing one lag. */
export interface LagGroup {
  lag: number;
  families: number;
}

/** Value added by step over every family with points, pooled. */
export interface ValueAddedTotal {
  points: number;
  /** Families whose points are pooled. */
  families: number;
  /** The lags the pooled families are judged at, smallest first. */
  lags: LagGroup[];
  steps: StepCell[];
  /** Seasonal naive WMAPE − consensus WMAPE: what the whole process added. */
  processFva: number | null;
  adjustmentsFva: number | null;
}

/** Forecast value added as the page shows it. */
export interface ValueAddedView {
  steps: StepColumn[];
  /** Closes whose forecast is frozen, and the first and last of them; null without any. */
  snapshots: { count: number; first: Month; last: Month } | null;
  /** Families with points: the adjustments' value added lowest first (the most harm first). */
  families: FamilyValueAdded[];
  /** Families with no point yet at their lag, by name. */
  unjudged: { id: string; name: string; lag: number }[];
  total: ValueAddedTotal;
}

/** Points within this of zero read as "no change" (they show as 0.0). */
const SAME = 0.05;

/** `+ sales` → `+ Sales`; a stream a workspace added keeps its name with a capital. */
export function stepLabel(key: string): string {
  if (key === 'seasonal naive') return 'Seasonal naive';
  if (key === 'baseline') return 'Baseline';
  if (key === 'consensus') return 'Consensus';
  const stream = key.startsWith('+ ') ? key.slice(2) : key;
  return `+ ${streamWord(stream)}`;
}

/** A stream's name in words: a function's word (`Sales`), else its name with a capital. */
export function streamWord(stream: string): string {
  return (
    (FUNCTION_WORDS as Readonly<Record<string, string>>)[stream] ??
    stream.charAt(0).toUpperCase() + stream.slice(1)
  );
}

/** Whether `fva` points helped, hurt or changed nothing; null when there is none. */
export function verdictOf(fva: number | null): StepVerdict | null {
  if (fva === null) return null;
  return fva >= SAME ? 'helped' : fva <= -SAME ? 'hurt' : 'same';
}

/** The demand actual of a family-month: units ordered when recorded, else the history's actual. */
export function demandActual(plan: Plan, family: string, month: Month): number | null {
  return plan.actuals?.[family]?.[month]?.ordered ?? plan.history[family]?.[month]?.actual ?? null;
}

/** A family's lag setting, 1 when it sets none. */
export function lagOf(family: { forecastLag?: number }): number {
  return family.forecastLag ?? DEFAULT_FORECAST_LAG;
}

const cellsOf = (steps: readonly StepAccuracy[]): StepCell[] =>
  steps.map((step) => ({ ...step, verdict: verdictOf(step.fva) }));

/** `a − b` when both are known. */
const less = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined ? null : a - b;

/**
 * Forecast value added by step for every family of `plan` at its own lag (the engine's
 * `forecastValueAdded` over the plan's frozen forecasts and its demand actuals), named
 * and ordered for the page, with the pooled total and what it covers.
 */
export function valueAddedView(plan: Plan): ValueAddedView {
  const snapshots = plan.forecastSnapshots ?? [];
  const streams = streamNames(plan);
  const lags = Object.fromEntries(plan.families.map((family) => [family.id, lagOf(family)]));
  const result = forecastValueAdded(
    snapshots,
    (family, month) => demandActual(plan, family, month),
    plan.families.map((family) => family.id),
    streams,
    lags,
    DEFAULT_FORECAST_LAG,
  );
  const names = new Map(plan.families.map((family) => [family.id, family.name]));
  const consensusAt = result.steps.length - 1;
  const families: FamilyValueAdded[] = [];
  const unjudged: ValueAddedView['unjudged'] = [];
  const lagCounts = new Map<number, number>();
  for (const row of result.families) {
    const id = row.family ?? '';
    const name = names.get(id) ?? id;
    if (row.points === 0) {
      unjudged.push({ id, name, lag: row.lag });
      continue;
    }
    lagCounts.set(row.lag, (lagCounts.get(row.lag) ?? 0) + 1);
    families.push({
      id,
      name,
      lag: row.lag,
      points: row.points,
      steps: cellsOf(row.steps),
      adjustmentsFva: less(row.steps[1]?.wmape, row.steps[consensusAt]?.wmape),
    });
  }
  families.sort(
    (a, b) =>
      (a.adjustmentsFva ?? Infinity) - (b.adjustmentsFva ?? Infinity) ||
      a.name.localeCompare(b.name) ||
      (a.id < b.id ? -1 : 1),
  );
  unjudged.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  const total = result.total.steps;
  return {
    steps: result.steps.map((key) => ({ key, label: stepLabel(key) })),
    snapshots:
      snapshots.length === 0
        ? null
        : {
            count: snapshots.length,
            first: snapshots[0].cycle,
            last: snapshots[snapshots.length - 1].cycle,
          },
    families,
    unjudged,
    total: {
      points: result.total.points,
      families: families.length,
      lags: [...lagCounts]
        .sort(([a], [b]) => a - b)
        .map(([lag, count]) => ({ lag, families: count })),
      steps: cellsOf(total),
      processFva: less(total[0]?.wmape, total[consensusAt]?.wmape),
      adjustmentsFva: less(total[1]?.wmape, total[consensusAt]?.wmape),
    },
  };
}

const views = new WeakMap<Plan, ValueAddedView>();

/**
 * {@link valueAddedView}, kept per plan object, for a page that asks again on every
 * edit (500 families with 18 snapshots take about 20 ms). The page's plan changes in
 * place only in its input cells and demand streams, which value added does not read:
 * new snapshots, actuals, history, lags, names or streams come as a new plan object.
 */
export function valueAddedOf(plan: Plan): ValueAddedView {
  let view = views.get(plan);
  if (!view) views.set(plan, (view = valueAddedView(plan)));
  return view;
}

/** One step of the cycle as it stands: the horizon's units once the step is added. */
export interface CycleStep {
  key: string;
  label: string;
  units: number;
  /** Units this step added to the one before; null for the baseline. */
  change: number | null;
}

/** The horizon's demand at each step of the cycle as it stands. */
export interface ThisCycleView {
  /** The months summed: the plan's horizon. */
  from: Month | null;
  to: Month | null;
  months: number;
  steps: CycleStep[];
  /** Family-months whose consensus someone set by hand (it wins over the sum). */
  overridden: number;
}

/**
 * The horizon's total units at each step of the live plan (flows, so months add):
 * the baseline, the baseline plus each stream's adjustments in turn, and the consensus
 * the plan uses (which holds any consensus set by hand, and is never below 0 in a month).
 * A family-month nobody adjusted has its demand as its baseline.
 */
export function thisCycleByStep(plan: Plan): ThisCycleView {
  const streams = streamNames(plan);
  const sources = plan.demandStreams;
  let baseline = 0;
  let consensus = 0;
  const added = new Float64Array(streams.length);
  let overridden = 0;
  for (const family of plan.families) {
    const demand = plan.demand[family.id] ?? {};
    for (const month of plan.periods) {
      const used = demand[month] ?? 0;
      consensus += used;
      if (!sources || !isAdjusted(plan, family.id, month)) {
        baseline += used;
        continue;
      }
      baseline += sources.baseline[family.id]?.[month] ?? used;
      const adjustments = sources.adjustments[family.id]?.[month] ?? {};
      streams.forEach((stream, s) => (added[s] += adjustments[stream]?.amount ?? 0));
      if (sources.overrides[family.id]?.[month]) overridden++;
    }
  }
  const steps: CycleStep[] = [
    { key: 'baseline', label: 'Baseline', units: baseline, change: null },
  ];
  let running = baseline;
  streams.forEach((stream, s) => {
    running += added[s];
    steps.push({
      key: `+ ${stream}`,
      label: stepLabel(`+ ${stream}`),
      units: running,
      change: added[s],
    });
  });
  steps.push({
    key: 'consensus',
    label: 'Consensus',
    units: consensus,
    change: consensus - running,
  });
  return {
    from: plan.periods[0] ?? null,
    to: plan.periods[plan.periods.length - 1] ?? null,
    months: plan.periods.length,
    steps,
    overridden,
  };
}

/** A WMAPE in percent to a tenth: `13.6%`; a dash without one. */
export function wmapeText(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)}%`;
}

/** Value added in points, signed: `+6.8 pts`, `−2.3 pts`, `0.0 pts`; a dash without. */
export function pointsText(value: number | null): string {
  if (value === null) return '—';
  const shown = value.toFixed(1);
  if (Number(shown) === 0) return '0.0 pts';
  return `${value > 0 ? '+' : '−'}${shown.replace('-', '')} pts`;
}

/** The verdict in words, for a screen reader and a tooltip. */
export const VERDICT_WORDS: Readonly<Record<StepVerdict, string>> = {
  helped: 'the step helped',
  hurt: 'the step made it worse',
  same: 'no change',
};
