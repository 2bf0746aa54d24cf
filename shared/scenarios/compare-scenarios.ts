/**
 * Scenarios side by side: the baseline and up to five scenarios reconciled, their horizon
 * totals, each scenario's difference against the baseline, and the families and resources
 * that drive the difference. Pure: the same plan and scenarios give the same numbers on
 * every peer.
 */
import { reconcile, reconcileScenarios } from '../engine/index.ts';
import type { Plan, Reconciliation, Scenario } from '../engine/index.ts';

/** At most this many scenarios are compared with the baseline at once. */
export const MAX_COMPARED_SCENARIOS = 5;

/** The horizon totals that are compared, in the order they are shown. */
export const COMPARED_MEASURES = [
  'revenue',
  'margin',
  'budgetGap',
  'shortageUnits',
  'shortageValue',
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
  budgetGap: true,
  shortageUnits: false,
  shortageValue: false,
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
  /** The families (resources for overload) whose change makes the difference, largest first. */
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

/** The horizon totals of one reconciliation. */
export function horizonTotals(result: Reconciliation): HorizonTotals {
  const sum = (pick: (row: Reconciliation['totals'][number]) => number) =>
    result.totals.reduce((total, row) => total + pick(row), 0);
  let shortageUnits = 0;
  let shortageValue = 0;
  let overloadHours = 0;
  for (const gap of result.gaps) {
    if (gap.kind === 'shortage') {
      shortageUnits += gap.amount;
      shortageValue += gap.value;
    } else if (gap.kind === 'overload') overloadHours += gap.amount;
  }
  const endInventory = result.families.reduce(
    (total, family) => total + Math.max(0, family.rows.at(-1)?.projectedInventory ?? 0),
    0,
  );
  return {
    revenue: sum((row) => row.revenue),
    margin: sum((row) => row.margin),
    budgetGap: sum((row) => row.budgetGap),
    shortageUnits,
    shortageValue,
    overloadHours,
    endInventory,
    gapCount: result.gaps.length,
  };
}

function difference(baseline: number, value: number): MeasureDifference {
  const delta = value - baseline;
  const pct = baseline === 0 ? null : delta / Math.abs(baseline);
  return { delta, pct, absPct: pct === null ? null : Math.abs(pct) };
}

/** Sums gap amounts (or revenue) per subject. */
function bySubject(result: Reconciliation, kind: 'shortage' | 'overload'): Map<string, number> {
  const totals = new Map<string, number>();
  for (const gap of result.gaps) {
    if (gap.kind === kind) totals.set(gap.subject, (totals.get(gap.subject) ?? 0) + gap.amount);
  }
  return totals;
}

function drivers(
  before: Map<string, number>,
  after: Map<string, number>,
  names: Map<string, string>,
): Driver[] {
  const ids = new Set([...before.keys(), ...after.keys()]);
  return [...ids]
    .map((id) => ({
      id,
      name: names.get(id) ?? id,
      delta: (after.get(id) ?? 0) - (before.get(id) ?? 0),
    }))
    .filter((driver) => driver.delta !== 0)
    .sort(
      (a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

const revenueByFamily = (result: Reconciliation) =>
  new Map(result.families.map((family) => [family.id, family.totals.revenue]));

/**
 * Compares the baseline with up to five scenarios (the first five given). Each scenario
 * must have been read with `parseScenario` against `plan`.
 */
export function compareScenarios(
  plan: Plan,
  scenarios: readonly NamedScenario[],
  baselineResult: Reconciliation = reconcile(plan),
): ScenarioComparisonTable {
  const baseline = horizonTotals(baselineResult);
  const names = new Map<string, string>([
    ...plan.families.map((family): [string, string] => [family.id, family.name]),
    ...plan.resources.map((resource): [string, string] => [resource.id, resource.name]),
  ]);
  const baseRevenue = revenueByFamily(baselineResult);
  const baseShortage = bySubject(baselineResult, 'shortage');
  const baseOverload = bySubject(baselineResult, 'overload');
  const compared = scenarios.slice(0, MAX_COMPARED_SCENARIOS);
  // All together: the plan is laid out once, each scenario copies only what it overrides.
  const results = reconcileScenarios(
    plan,
    compared.map(({ scenario }) => scenario),
  );
  return {
    baseline,
    scenarios: compared.map(({ id, name, scenario }, i) => {
      const result = scenario.overrides.length === 0 ? baselineResult : results[i];
      const totals = horizonTotals(result);
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
          revenue: drivers(baseRevenue, revenueByFamily(result), names),
          shortage: drivers(baseShortage, bySubject(result, 'shortage'), names),
          overload: drivers(baseOverload, bySubject(result, 'overload'), names),
        },
      };
    }),
  };
}
