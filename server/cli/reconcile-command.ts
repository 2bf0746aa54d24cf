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
import { planMeasures, type PlanMeasures } from '../../shared/engine/measures.ts';
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
 * readable summary, or with `--json` the reconciliation and every measure beside it
 * (performance, stock, fiscal year, margin bridge), as docs/domain.md section 6 shows.
 */
export async function reconcileCommand(args: readonly string[]): Promise<string> {
  const parsed = parseArgs('reconcile', args, { json: 'flag', scenario: 'value' });
  if (parsed.help) return `Usage: ${RECONCILE_USAGE}\n`;
  const [file] = expectPositionals('reconcile', parsed, ['plan.json'], RECONCILE_USAGE);
  const [plan] = await readPlanFiles([file]);
  const scenarioFile = parsed.values.get('scenario');
  const scenario = scenarioFile === undefined ? null : await readScenarioFile(scenarioFile, plan);
  const reconciled = scenario ? applyScenario(plan, scenario) : plan;
  const result = reconcile(reconciled);
  const measures = planMeasures(reconciled, result);
  return parsed.flags.has('json')
    ? `${JSON.stringify({ ...result.toJSON(), ...measures }, null, 2)}\n`
    : formatReconciliation(
        scenario ? `${file} with scenario "${scenario.name}"` : file,
        result,
        measures,
      );
}

/** The readable summary of a reconciliation, one string ending in a newline. */
export function formatReconciliation(
  file: string,
  result: Reconciliation,
  measures?: PlanMeasures,
): string {
  const { currency, periods, horizon: totals, backlog } = result;
  const money = (value: number) => formatMoney(value, currency);
  const units = (value: number) => `${formatQuantity(value)} units`;
  const { revenue, margin, budget, budgetGap, budgetedRevenue, unbudgetedRevenue } = totals;

  const lines: string[] = [
    `Plan ${file}: cycle ${result.cycle}, horizon ${horizon(periods)}, currency ${currency}`,
    `${plural(result.families.length, 'family', 'families')}, ${plural(result.resources.length, 'resource')}`,
    '',
    'Horizon totals',
    ...table(
      [{ header: 'Measure' }, { header: 'Total', align: 'right' }, { header: '' }],
      [
        ['Demand', units(totals.demand), ''],
        ['Supply', units(totals.supply), ''],
        ['Shipments', units(totals.shipments), ''],
        ['Revenue', money(revenue), ''],
        [
          'Margin',
          money(margin),
          `${formatPercent(revenue === 0 ? null : margin / revenue)} of revenue`,
        ],
        ['Budget', money(budget), 'over the family-months that have one'],
        ['Revenue of budgeted months', money(budgetedRevenue), ''],
        [
          'Budget gap',
          signed(money, budgetGap),
          `${formatPercent(budget === 0 ? null : budgetGap / budget, true)} of budget (budgeted months only)`,
        ],
        ['Revenue without budget', money(unbudgetedRevenue), 'not compared with any budget'],
        [
          'Backlog at its peak',
          money(backlog.peakValue),
          backlog.peakPeriod ? `in ${backlog.peakPeriod} (backlog × price)` : 'no backlog',
        ],
        ['Unshipped demand', money(backlog.unshippedDemand), 'backlog at the horizon end × price'],
        ...(measures ? stockRows(measures, money) : []),
      ],
    ).slice(1),
    '',
    ...gapLines(result, money),
    '',
    ...overloadLines(result),
    '',
    statusLine(result),
    accuracyLine(result),
    ...(measures ? performanceLines(measures, money) : []),
  ];
  return `${lines.join('\n')}\n`;
}

function stockRows(measures: PlanMeasures, money: (value: number) => string): string[][] {
  const { total } = measures.stock;
  return [
    ['Holding cost', money(total.holdingCostTotal), 'on hand × unit cost × holding rate'],
    [
      'Inventory turns',
      total.turns === null ? 'n/a' : formatNumber(total.turns, 1),
      'first 12 months, at cost',
    ],
  ];
}

function performanceLines(measures: PlanMeasures, money: (value: number) => string): string[] {
  const { performance, fiscalYear } = measures;
  const { total } = performance;
  const lines = [
    `Performance in ${performance.endedMonth}: unit fill rate ${formatPercent(total.unitFillRate)}, ` +
      `OTIF ${formatPercent(total.otif)}, plan attainment ${formatPercent(total.planAttainment)}`,
  ];
  const outlook = fiscalYear.total.outlook.revenueVsBudget;
  const first = fiscalYear.months[0];
  const last = fiscalYear.months[fiscalYear.months.length - 1];
  lines.push(
    outlook.budgetedMonths === 0
      ? `Fiscal year ${first} to ${last}: outlook ${money(fiscalYear.total.outlook.revenue)}, no budget`
      : `Fiscal year ${first} to ${last}: outlook ${money(outlook.budgeted)} against budget ${money(outlook.budget)} ` +
          `(${signed(money, outlook.gap)}, ${formatPercent(outlook.gapPct, true)}; budgeted months only)` +
          (outlook.unbudgeted > 0 ? `, ${money(outlook.unbudgeted)} without budget` : ''),
  );
  return lines;
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
  // Count and value per kind: kinds are valued differently and overlap, never one sum.
  const byKind = GAP_KINDS.filter((kind) => result.gapSummary[kind].count > 0).map((kind) => {
    const { count, value } = result.gapSummary[kind];
    return `${formatNumber(count)} ${GAP_KIND_LABELS[kind].toLowerCase()} ${money(value)}`;
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
    'Each kind is valued on its own (shortage, overload, budget at price; safety and excess stock at cost).',
    `Top ${top.length} by value`,
    ...table(
      [
        { header: 'Kind' },
        { header: 'Subject' },
        { header: 'Months' },
        { header: 'Amount', align: 'right' },
        { header: 'Value', align: 'right' },
      ],
      top.map((gap) => [
        GAP_KIND_LABELS[gap.kind],
        subject(gap),
        gap.last === gap.period ? gap.period : `${gap.period} to ${gap.last}`,
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
    `forecast value added ${fva}; tracking signal in alarm for ` +
    `${formatNumber(total.inAlarm)} of ${plural(total.tracked, 'family', 'families')} (per family, no pooled signal)`
  );
}
