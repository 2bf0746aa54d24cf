/**
 * Scenarios side by side: the baseline and up to five scenarios reconciled, their horizon
 * totals, each scenario's difference against the baseline, and the families and resources
 * that drive the difference. Pure: the same plan and scenarios give the same numbers on
 * every peer.
 */
import { summarizeScenarios } from '../engine/scenario.ts';
import type { Plan, Scenario, ScenarioOutcome } from '../engine/index.ts';
import type { ScenarioBuffers } from '../engine/scenario.ts';

/** At most this many scenarios are compared with the baseline at once. */
export const MAX_COMPARED_SCENARIOS = 5;

/** The horizon totals that are compared, in the order they are shown. */
export const COMPARED_MEASURES = [
  'revenue',
  'margin',
  'holdingCost',
  'extraHoursCost',
  'marginAfterCosts',
  'budgetGap',
  'peakBacklogValue',
  'unshippedDemand',
  'overloadHours',
  'endInventory',
  'gapCount',
] as const;

/** One compared horizon total. */
export type ComparedMeasure = (typeof COMPARED_MEASURES)[number];

/** Horizon totals of one plan. */
export type HorizonTotals = Record<ComparedMeasure, number>;

/** Whether more of a measure is better for the business (inventory is neither). */
export const MORE_IS_BETTER: Record<ComparedMeasure, boolean | null> = {
  revenue: true,
  margin: true,
  holdingCost: false,
  extraHoursCost: false,
  marginAfterCosts: true,
  budgetGap: true,
  peakBacklogValue: false,
  unshippedDemand: false,
  overloadHours: false,
  endInventory: null,
  gapCount: false,
};

/** A measure of a scenario against the baseline. */
export interface MeasureDifference {
  delta: number;
  /** delta / |baseline|; null when the baseline is 0. */
  pct: number | null;
  /** |pct|; null when the baseline is 0. */
  absPct: number | null;
}

/** What one family or resource adds to a scenario's difference. */
export interface Driver {
  /** Family id, or resource id for overload. */
  id: string;
  name: string;
  delta: number;
}

/** One compared scenario. */
export interface ScenarioComparison {
  id: string;
  name: string;
  totals: HorizonTotals;
  difference: Record<ComparedMeasure, MeasureDifference>;
  /**
   * The families (resources for overload) whose change makes the difference, largest
   * first; shortage: the change of each family's peak backlog (units).
   */
  drivers: { revenue: Driver[]; shortage: Driver[]; overload: Driver[] };
}

/** The baseline and the compared scenarios. */
export interface ScenarioComparisonTable {
  baseline: HorizonTotals;
  scenarios: ScenarioComparison[];
}

/** A scenario to compare: its id and name in the cycle and its (checked) scenario file. */
export interface NamedScenario {
  id: string;
  name: string;
  scenario: Pick<Scenario, 'overrides'>;
}

/**
 * The horizon totals of one scenario's outcome (the baseline's: no overrides). The budget
 * gap compares only budgeted family-months; backlog is its peak month's value and what is
 * still owed at the horizon's end, never a sum over months (domain.md 4.1, 4.4).
 */
export function horizonTotals(outcome: ScenarioOutcome): HorizonTotals {
  const { revenue, margin, budgetGap } = outcome.result.horizon;
  const { byKind, count } = outcome.gaps;
  return {
    revenue,
    margin,
    holdingCost: outcome.holdingCost,
    extraHoursCost: outcome.extraHoursCost,
    marginAfterCosts: margin - outcome.holdingCost - outcome.extraHoursCost,
    budgetGap,
    peakBacklogValue: outcome.peakBacklogValue,
    unshippedDemand: outcome.unshippedDemand,
    overloadHours: byKind.overload.amount,
    endInventory: outcome.endInventory,
    gapCount: count,
  };
}

/** The horizon totals of a plan as it stands. */
export function planTotals(plan: Plan): HorizonTotals {
  return horizonTotals(summarizeScenarios(plan, [NO_OVERRIDES])[0]);
}

const NO_OVERRIDES: Pick<Scenario, 'overrides'> = { overrides: [] };

function difference(baseline: number, value: number): MeasureDifference {
  const delta = value - baseline;
  const pct = baseline === 0 ? null : delta / Math.abs(baseline);
  return { delta, pct, absPct: pct === null ? null : Math.abs(pct) };
}

/** The items whose number changed, largest change first (then by id: the same on every peer). */
function drivers(
  items: readonly { id: string; name: string }[],
  before: Float64Array,
  after: Float64Array,
): Driver[] {
  const found: Driver[] = [];
  items.forEach((item, at) => {
    const delta = after[at] - before[at];
    if (delta !== 0) found.push({ id: item.id, name: item.name, delta });
  });
  return found.sort(
    (a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * Compares the baseline with up to five scenarios (the first five given). Each scenario
 * must have been read with `parseScenario` against `plan`. The baseline and the scenarios
 * are reconciled together: the plan is laid out once, each scenario copies only the
 * inputs it overrides, and the totals are read from the engine's columns. Pass the same
 * `buffers` to every recomputation of a live comparison to reuse their memory.
 */
export function compareScenarios(
  plan: Plan,
  scenarios: readonly NamedScenario[],
  buffers?: ScenarioBuffers,
): ScenarioComparisonTable {
  const compared = scenarios.slice(0, MAX_COMPARED_SCENARIOS);
  const [base, ...outcomes] = summarizeScenarios(
    plan,
    [NO_OVERRIDES, ...compared.map(({ scenario }) => scenario)],
    buffers,
  );
  const baseline = horizonTotals(base);
  return {
    baseline,
    scenarios: compared.map(({ id, name }, i) => {
      const outcome = outcomes[i];
      const totals = horizonTotals(outcome);
      return {
        id,
        name,
        totals,
        difference: Object.fromEntries(
          COMPARED_MEASURES.map((measure) => [
            measure,
            difference(baseline[measure], totals[measure]),
          ]),
        ) as Record<ComparedMeasure, MeasureDifference>,
        drivers: {
          revenue: drivers(plan.families, base.familyRevenue, outcome.familyRevenue),
          shortage: drivers(plan.families, base.familyShortage, outcome.familyShortage),
          overload: drivers(plan.resources, base.resourceOverload, outcome.resourceOverload),
        },
      };
    }),
  };
}
