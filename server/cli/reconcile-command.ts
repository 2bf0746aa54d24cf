import {
  GAP_KINDS,
  reconcile,
  type FamilyStatus,
  type Gap,
  type GapKind,
  type Reconciliation,
  type ResourceRow,
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
import { FAMILY_STATUS_WORDS, GAP_KIND_WORDS, labelsOf } from '../../shared/vocabulary/index.ts';
import { RECONCILE_USAGE } from './usage.ts';

/** How many gaps the summary lists. */
export const TOP_GAPS = 10;

/** Names of the gap kinds as a person reads them. */
export const GAP_KIND_LABELS: Readonly<Record<GapKind, string>> = labelsOf(GAP_KIND_WORDS);

/** Family statuses as the summary's count line says them: `3 below safety stock`. */
function statusText(status: FamilyStatus): string {
  return FAMILY_STATUS_WORDS[status].label.toLowerCase();
}

/**
 * `fulcrum reconcile <plan.json> [--json]`: reconciles a plan file and returns a
 * readable summary, or with `--json` exactly `JSON.stringify(reconcile(plan), null, 2)`
 * and a newline.
 */
export async function reconcileCommand(args: readonly string[]): Promise<string> {
  const parsed = parseArgs('reconcile', args, { json: 'flag', scenario: 'value' });
  if (parsed.help) return `Usage: ${RECONCILE_USAGE}\n`;
  const [file] = expectPositionals('reconcile', parsed, ['plan.json'], RECONCILE_USAGE);
  const [plan] = await readPlanFiles([file]);
  const scenarioFile = parsed.values.get('scenario');
  const scenario = scenarioFile === undefined ? null : await readScenarioFile(scenarioFile, plan);
  const result = reconcile(scenario ? applyScenario(plan, scenario) : plan);
  return parsed.flags.has('json')
    ? `${JSON.stringify(result, null, 2)}\n`
    : formatReconciliation(scenario ? `${file} with scenario "${scenario.name}"` : file, result);
}

/** The readable summary of a reconciliation, one string ending in a newline. */
export function formatReconciliation(file: string, result: Reconciliation): string {
  const { currency, periods } = result;
  const money = (value: number) => formatMoney(value, currency);
  const units = (value: number) => `${formatQuantity(value)} units`;
  const sum = (pick: (totals: Reconciliation['totals'][number]) => number) =>
    result.totals.reduce((total, period) => total + pick(period), 0);
  const revenue = sum((t) => t.revenue);
  const margin = sum((t) => t.margin);
  const budget = sum((t) => t.budget);
  const budgetGap = sum((t) => t.budgetGap);
  const unshipped = sum((t) => t.demandValue) - revenue;

  const lines: string[] = [
    `Plan ${file}: cycle ${result.cycle}, horizon ${horizon(periods)}, currency ${currency}`,
    `${plural(result.families.length, 'family', 'families')}, ${plural(result.resources.length, 'resource')}`,
    '',
    'Horizon totals',
    ...table(
      [{ header: 'Measure' }, { header: 'Total', align: 'right' }, { header: '' }],
      [
        ['Demand', units(sum((t) => t.demand)), ''],
        ['Supply', units(sum((t) => t.supply)), ''],
        ['Shipments', units(sum((t) => t.shipments)), ''],
        ['Revenue', money(revenue), ''],
        [
          'Margin',
          money(margin),
          `${formatPercent(revenue === 0 ? null : margin / revenue)} of revenue`,
        ],
        ['Budget', money(budget), ''],
        [
          'Budget gap',
          signed(money, budgetGap),
          `${formatPercent(budget === 0 ? null : budgetGap / budget, true)} of budget (revenue - budget)`,
        ],
        ['Unshipped demand', money(unshipped), 'value of demand not shipped in the horizon'],
      ],
    ).slice(1),
    '',
    ...gapLines(result, money),
    '',
    ...overloadLines(result),
    '',
    statusLine(result),
    accuracyLine(result),
  ];
  return `${lines.join('\n')}\n`;
}

function horizon(periods: readonly string[]): string {
  if (periods.length === 0) return 'empty';
  const months = plural(periods.length, 'month');
  return periods.length === 1
    ? `${periods[0]} (${months})`
    : `${periods[0]} to ${periods[periods.length - 1]} (${months})`;
}

function gapLines(result: Reconciliation, money: (value: number) => string): string[] {
  const { gaps } = result;
  if (gaps.length === 0) return ['Gaps: none'];
  const byKind = GAP_KINDS.map((kind) => {
    const count = gaps.filter((gap) => gap.kind === kind).length;
    return `${formatNumber(count)} ${GAP_KIND_LABELS[kind].toLowerCase()}`;
  });
  const names = new Map<string, string>();
  for (const family of result.families) names.set(`family:${family.id}`, family.name);
  for (const resource of result.resources) names.set(`resource:${resource.id}`, resource.name);
  const subject = (gap: Gap) =>
    label(
      names.get(`${gap.kind === 'overload' ? 'resource' : 'family'}:${gap.subject}`) ?? '',
      gap.subject,
    );
  const amount = (gap: Gap) =>
    gap.kind === 'overload'
      ? `${formatQuantity(gap.amount)} h`
      : gap.kind === 'belowBudget'
        ? money(gap.amount)
        : `${formatQuantity(gap.amount)} units`;
  const top = gaps.slice(0, TOP_GAPS);
  return [
    `Gaps: ${formatNumber(gaps.length)} (${byKind.join(', ')})`,
    `Top ${top.length} by value`,
    ...table(
      [
        { header: 'Kind' },
        { header: 'Subject' },
        { header: 'Month' },
        { header: 'Amount', align: 'right' },
        { header: 'Value', align: 'right' },
      ],
      top.map((gap) => [
        GAP_KIND_LABELS[gap.kind],
        subject(gap),
        gap.period,
        amount(gap),
        money(gap.value),
      ]),
    ),
  ];
}

/** The resource's worst overloaded month: highest utilization, no capacity counting as worst. */
function worstRow(rows: readonly ResourceRow[]): ResourceRow | undefined {
  let worst: ResourceRow | undefined;
  for (const row of rows) {
    if (row.overload <= 0) continue;
    if (worst === undefined || (row.utilization ?? Infinity) > (worst.utilization ?? Infinity))
      worst = row;
  }
  return worst;
}

function overloadLines(result: Reconciliation): string[] {
  const overloaded = result.resources
    .map((resource) => ({
      resource,
      months: resource.rows.filter((row) => row.overload > 0).length,
      worst: worstRow(resource.rows),
    }))
    .filter((entry): entry is typeof entry & { worst: ResourceRow } => entry.worst !== undefined)
    .sort(
      (a, b) =>
        (b.worst.utilization ?? Infinity) - (a.worst.utilization ?? Infinity) ||
        (a.resource.id < b.resource.id ? -1 : a.resource.id > b.resource.id ? 1 : 0),
    );
  if (overloaded.length === 0) return ['Overloaded resources: none'];
  const periods = result.periods.length;
  return [
    `Overloaded resources: ${formatNumber(overloaded.length)} of ${formatNumber(result.resources.length)}`,
    ...table(
      [
        { header: 'Resource' },
        { header: 'Months over', align: 'right' },
        { header: 'Worst month' },
        { header: 'Load', align: 'right' },
        { header: 'Capacity', align: 'right' },
        { header: 'Utilization', align: 'right' },
      ],
      overloaded.map(({ resource, months, worst }) => [
        label(resource.name, resource.id),
        `${formatNumber(months)} of ${formatNumber(periods)}`,
        worst.period,
        `${formatQuantity(worst.load)} h`,
        `${formatQuantity(worst.capacity)} h`,
        worst.utilization === null ? 'no capacity' : formatPercent(worst.utilization),
      ]),
    ),
  ];
}

function statusLine(result: Reconciliation): string {
  const counts: Record<FamilyStatus, number> = {
    shortage: 0,
    belowSafetyStock: 0,
    overstock: 0,
    ok: 0,
  };
  for (const family of result.families) for (const row of family.rows) counts[row.status]++;
  const total = counts.shortage + counts.belowSafetyStock + counts.overstock + counts.ok;
  const parts = (Object.keys(FAMILY_STATUS_WORDS) as FamilyStatus[]).map(
    (status) => `${formatNumber(counts[status])} ${statusText(status)}`,
  );
  const resourceMonths = result.resources.reduce((n, resource) => n + resource.rows.length, 0);
  const overloaded = result.resources.reduce(
    (n, resource) => n + resource.rows.filter((row) => row.overload > 0).length,
    0,
  );
  return [
    `Family-months: ${formatNumber(total)} (${parts.join(', ')})`,
    `Resource-months: ${formatNumber(resourceMonths)} (${formatNumber(overloaded)} overloaded)`,
  ].join('\n');
}

function accuracyLine(result: Reconciliation): string {
  const { total } = result.accuracy;
  if (total.points === 0)
    return 'Forecast accuracy: no history month has both an actual and a forecast';
  const fva =
    total.fva === null ? 'n/a' : `${signed((v) => formatNumber(v, 1), total.fva * 100)} points`;
  return (
    `Forecast accuracy over ${plural(total.points, 'history point')}: ` +
    `WMAPE ${formatPercent(total.wmape)}, bias ${formatPercent(total.bias, true)}, ` +
    `forecast value added ${fva}`
  );
}
