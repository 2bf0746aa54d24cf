import {
  COMPARED_MEASURES,
  compareScenarios,
  MAX_COMPARED_SCENARIOS,
  type ComparedMeasure,
  type ScenarioComparisonTable,
} from '../../shared/scenarios/compare-scenarios.ts';
import type { Plan } from '../../shared/engine/index.ts';
import { InputError } from './cli-error.ts';
import { parseArgs } from './args.ts';
import { formatNumber, formatPercent, formatQuantity, label, signed, table } from './format.ts';
import { readPlanFiles, readScenarioFile } from './read-plan-file.ts';
import { SCENARIOS_USAGE } from './usage.ts';

/** How many drivers each scenario lists per measure. */
const TOP_DRIVERS = 3;

const MEASURE_LABEL: Record<ComparedMeasure, (currency: string) => string> = {
  revenue: (c) => `Revenue (${c})`,
  margin: (c) => `Margin (${c})`,
  holdingCost: (c) => `Holding cost (${c})`,
  extraHoursCost: (c) => `Extra hours cost (${c})`,
  marginAfterCosts: (c) => `Margin after holding and extra hours (${c})`,
  budgetGap: (c) => `Revenue vs budget, budgeted months (${c})`,
  peakBacklogValue: (c) => `Backlog at its peak month (${c})`,
  unshippedDemand: (c) => `Still owed at horizon end (${c})`,
  overloadHours: () => 'Overload (hours)',
  endInventory: (c) => `Inventory at horizon end, at cost (${c})`,
  gapCount: () => 'Gaps',
};

/**
 * `fulcrum scenarios <plan.json> <s1.json> [<s2.json> ...] [--json]`: the baseline and up
 * to five scenarios side by side, as the Scenarios view compares them: horizon totals,
 * each scenario's difference and % against the baseline, and what drives it. `--json`
 * prints the comparison table itself.
 */
export async function scenariosCommand(args: readonly string[]): Promise<string> {
  const parsed = parseArgs('scenarios', args, { json: 'flag' });
  if (parsed.help) return `Usage: ${SCENARIOS_USAGE}\n`;
  const [planFile, ...scenarioFiles] = parsed.positionals;
  if (planFile === undefined || scenarioFiles.length === 0) {
    throw new InputError(
      `fulcrum scenarios: missing ${planFile === undefined ? 'plan.json and ' : ''}at least one scenario file; usage: ${SCENARIOS_USAGE}`,
    );
  }
  if (scenarioFiles.length > MAX_COMPARED_SCENARIOS) {
    throw new InputError(
      `fulcrum scenarios: at most ${MAX_COMPARED_SCENARIOS} scenarios are compared at once, got ${scenarioFiles.length}`,
    );
  }
  const [plan] = await readPlanFiles([planFile]);
  const scenarios = [];
  const problems: string[] = [];
  for (const [at, file] of scenarioFiles.entries()) {
    try {
      const scenario = await readScenarioFile(file, plan);
      scenarios.push({ id: `${at + 1}`, name: scenario.name, scenario });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.lines);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const comparison = compareScenarios(plan, scenarios);
  return parsed.flags.has('json')
    ? `${JSON.stringify(comparison, null, 2)}\n`
    : formatScenarioComparison(planFile, plan, comparison);
}

/** The readable side-by-side comparison, one string ending in a newline. */
export function formatScenarioComparison(
  planFile: string,
  plan: Plan,
  comparison: ScenarioComparisonTable,
): string {
  const { baseline, scenarios } = comparison;
  const number = (measure: ComparedMeasure) =>
    measure === 'overloadHours' || measure === 'gapCount'
      ? formatQuantity
      : (value: number) => formatNumber(value);
  const lines = [
    `Scenarios of ${planFile} (cycle ${plan.cycle}, ${plan.periods[0]} to ${plan.periods.at(-1)}), against the baseline`,
    '',
    ...table(
      [
        { header: 'Measure' },
        { header: 'Baseline', align: 'right' },
        ...scenarios.map((s) => ({ header: s.name, align: 'right' as const })),
      ],
      COMPARED_MEASURES.map((measure) => [
        MEASURE_LABEL[measure](plan.currency),
        number(measure)(baseline[measure]),
        ...scenarios.map((s) => {
          const { delta, pct } = s.difference[measure];
          if (delta === 0) return `${number(measure)(s.totals[measure])} (same)`;
          const change = pct === null ? 'new' : formatPercent(pct, true);
          return `${number(measure)(s.totals[measure])} (${signed(number(measure), delta)}, ${change})`;
        }),
      ]),
    ),
  ];
  for (const scenario of scenarios) {
    lines.push('', `What drives "${scenario.name}"`);
    const drivers = [
      ['revenue', 'Revenue', (v: number) => formatNumber(v)],
      ['shortage', 'Shortage units', formatQuantity],
      ['overload', 'Overload hours', formatQuantity],
    ] as const;
    let any = false;
    for (const [kind, title, format] of drivers) {
      const list = scenario.drivers[kind];
      if (list.length === 0) continue;
      any = true;
      const shown = list
        .slice(0, TOP_DRIVERS)
        .map((d) => `${label(d.name, d.id, 30)} ${signed(format, d.delta)}`);
      const more = list.length - shown.length;
      lines.push(
        `  ${title}: ${shown.join(', ')}${more > 0 ? `, and ${formatNumber(more)} more` : ''}`,
      );
    }
    if (!any) lines.push('  nothing: the scenario changes no family or resource');
  }
  return `${lines.join('\n')}\n`;
}
