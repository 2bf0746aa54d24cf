import {
  comparePlans,
  type Change,
  type Comparison,
  type FamilyChange,
  type Plan,
} from '../../shared/engine/index.ts';
import { applyScenario } from '../../shared/engine/scenario.ts';
import { expectPositionals, parseArgs } from './args.ts';
import {
  formatMoney,
  formatNumber,
  formatPercent,
  formatQuantity,
  label,
  plural,
  signed,
  table,
} from './format.ts';
import { readPlanFiles, readScenarioFile } from './read-plan-file.ts';
import { COMPARE_USAGE } from './usage.ts';

/** How many families the summary lists as largest changes, and as added or removed. */
export const TOP_FAMILIES = 10;

/** The outcome of `fulcrum compare`: what to print, and a note for stderr if any. */
export interface CompareOutput {
  stdout: string;
  /** Lines worth a warning (plans in different currencies). */
  warnings: string[];
}

/**
 * `fulcrum compare <previous.json> <current.json> [--json]`: plan over plan. Returns a
 * readable summary, or with `--json` exactly `JSON.stringify(comparePlans(...), null, 2)`
 * and a newline.
 */
export async function compareCommand(args: readonly string[]): Promise<CompareOutput> {
  const parsed = parseArgs('compare', args, { json: 'flag', scenario: 'value' });
  if (parsed.help) return { stdout: `Usage: ${COMPARE_USAGE}\n`, warnings: [] };
  const scenarioFile = parsed.values.get('scenario');
  // With a scenario and one plan: the plan against itself with the scenario.
  const one = scenarioFile !== undefined && parsed.positionals.length === 1;
  const files = one
    ? [parsed.positionals[0], parsed.positionals[0]]
    : expectPositionals('compare', parsed, ['previous.json', 'current.json'], COMPARE_USAGE);
  const [previous, baseline] = one
    ? await readPlanFiles([files[0]]).then(([plan]) => [plan, plan])
    : await readPlanFiles(files);
  const scenario =
    scenarioFile === undefined ? null : await readScenarioFile(scenarioFile, baseline);
  const current = scenario ? applyScenario(baseline, scenario) : baseline;
  if (scenario) files[1] = `${files[1]} with scenario "${scenario.name}"`;
  const comparison = comparePlans(previous, current);
  const warnings =
    previous.currency === current.currency
      ? []
      : [
          `fulcrum compare: the plans use different currencies (${files[0]}: ${previous.currency}, ${files[1]}: ${current.currency}); revenue is compared as plain numbers`,
        ];
  const stdout = parsed.flags.has('json')
    ? `${JSON.stringify(comparison, null, 2)}\n`
    : formatComparison(files[0], previous, files[1], current, comparison);
  return { stdout, warnings };
}

/** The readable summary of a comparison, one string ending in a newline. */
export function formatComparison(
  previousFile: string,
  previous: Plan,
  currentFile: string,
  current: Plan,
  comparison: Comparison,
): string {
  const currency = current.currency;
  const money = (value: number) => formatMoney(value, currency);
  const { periods, totals, bridge } = comparison;
  const lines: string[] = [
    `Comparing ${previousFile} (cycle ${previous.cycle}) with ${currentFile} (cycle ${current.cycle})`,
  ];
  if (periods.length === 0) {
    lines.push('Window: the plans have no month in common, so there is nothing to compare');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `Window: ${periods[0]} to ${periods[periods.length - 1]} (${plural(periods.length, 'month')} both plans cover)`,
    '',
    'Totals over the window',
    ...table(
      [
        { header: 'Measure' },
        { header: 'Previous', align: 'right' },
        { header: 'Current', align: 'right' },
        { header: 'Delta', align: 'right' },
        { header: 'Change', align: 'right' },
      ],
      [
        changeRow('Demand (units)', totals.demand, formatQuantity),
        changeRow('Supply (units)', totals.supply, formatQuantity),
        changeRow(`Revenue (${currency})`, totals.revenue, (value) => formatNumber(value)),
      ],
    ),
    '',
    'Revenue bridge (price-volume-mix)',
    ...table(
      [{ header: 'Effect' }, { header: 'Amount', align: 'right' }],
      [
        ['Volume', signed(money, bridge.volume)],
        ['Mix', signed(money, bridge.mix)],
        ['Price', signed(money, bridge.price)],
        ['Total', signed(money, bridge.total)],
      ],
    ).slice(1),
    '',
    'Margin bridge (volume, mix, price, cost)',
    ...table(
      [{ header: 'Effect' }, { header: 'Amount', align: 'right' }],
      [
        ['Volume', signed(money, comparison.marginBridge.volume)],
        ['Mix', signed(money, comparison.marginBridge.mix)],
        ['Price', signed(money, comparison.marginBridge.price)],
        ['Cost', signed(money, comparison.marginBridge.cost)],
        ['Total', signed(money, comparison.marginBridge.total)],
      ],
    ).slice(1),
    '',
    ...familyLines(previous, current, comparison.families, money),
  );
  return `${lines.join('\n')}\n`;
}

function changeRow(name: string, change: Change, format: (value: number) => string): string[] {
  return [
    name,
    format(change.previous),
    format(change.current),
    signed(format, change.delta),
    changePercent(change),
  ];
}

/** The relative change; `new` when there was nothing before, blank when there is nothing now. */
function changePercent(change: Change): string {
  if (change.pct !== null) return formatPercent(change.pct, true);
  return change.current === 0 ? '' : 'new';
}

function familyLines(
  previous: Plan,
  current: Plan,
  families: readonly FamilyChange[],
  money: (value: number) => string,
): string[] {
  const names = new Map<string, string>();
  for (const family of previous.families) names.set(family.id, family.name);
  for (const family of current.families) names.set(family.id, family.name);
  const name = (id: string) => label(names.get(id) ?? '', id);
  const added = families.filter((family) => family.change === 'added');
  const removed = families.filter((family) => family.change === 'removed');
  const kept = families.length - added.length - removed.length;
  const list = (title: string, changes: readonly FamilyChange[]) => {
    if (changes.length === 0) return [];
    const shown = changes.slice(0, TOP_FAMILIES).map((family) => name(family.id));
    const more = changes.length - shown.length;
    return [`  ${title}: ${shown.join(', ')}${more > 0 ? `, and ${formatNumber(more)} more` : ''}`];
  };
  const changed = families
    .filter(
      (family) =>
        family.demand.delta !== 0 || family.supply.delta !== 0 || family.revenue.delta !== 0,
    )
    .sort(
      (a, b) =>
        Math.abs(b.revenue.delta) - Math.abs(a.revenue.delta) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, TOP_FAMILIES);
  return [
    `Families: ${formatNumber(kept)} in both, ${formatNumber(added.length)} added, ${formatNumber(removed.length)} removed`,
    ...list('Added', added),
    ...list('Removed', removed),
    '',
    ...(changed.length === 0
      ? ['Largest family changes: no family changed']
      : [
          `Largest family changes (by revenue)`,
          ...table(
            [
              { header: 'Family' },
              { header: 'Change' },
              { header: 'Demand delta', align: 'right' },
              { header: 'Supply delta', align: 'right' },
              { header: 'Revenue delta', align: 'right' },
              { header: 'Revenue change', align: 'right' },
            ],
            changed.map((family) => [
              name(family.id),
              family.change,
              signed(formatQuantity, family.demand.delta),
              signed(formatQuantity, family.supply.delta),
              signed(money, family.revenue.delta),
              changePercent(family.revenue),
            ]),
          ),
        ]),
  ];
}
