import { writeFile } from 'node:fs/promises';
import loadHighs from 'highs';
import { optimizePlan } from '../../shared/optimize/optimize-plan.ts';
import type { Plan } from '../../shared/engine/types.ts';
import type { ConstrainedPlan } from '../../shared/optimize/supply-solution.ts';
import { expectPositionals, parseArgs } from './args.ts';
import { InputError } from './cli-error.ts';
import { formatMoney, formatNumber, label, table } from './format.ts';
import { readPlanFiles } from './read-plan-file.ts';
import { OPTIMIZE_USAGE } from './usage.ts';

/** Binding resource-months the text summary lists. */
const SHOWN_BINDING = 10;

/**
 * `fulcrum optimize <plan.json> [--json] [--scenario-out s.json]`: the constrained supply
 * plan at least cost (domain.md 4.13), its cost by lever, the resource-months that bind
 * with what one more hour is worth, and what holds each family's backlog; `--scenario-out`
 * writes it as a draft scenario for `fulcrum scenarios` or the page.
 */
export async function optimizeCommand(args: readonly string[]): Promise<string> {
  const parsed = parseArgs('optimize', args, { json: 'flag', 'scenario-out': 'value' });
  if (parsed.help) return `Usage: ${OPTIMIZE_USAGE}\n`;
  const [file] = expectPositionals('optimize', parsed, ['plan.json'], OPTIMIZE_USAGE);
  const [plan] = await readPlanFiles([file]);
  const highs = await loadHighs();
  const outcome = optimizePlan(highs, plan);
  if (!outcome.ok) throw new InputError(`fulcrum optimize: ${outcome.message}`);
  const out = parsed.values.get('scenario-out');
  if (out !== undefined) {
    await writeFile(out, `${JSON.stringify(outcome.scenario, null, 2)}\n`);
  }
  if (parsed.flags.has('json')) {
    const { supply, overtime, inventory, backlog, costs, binding, causes } = outcome.constrained;
    return `${JSON.stringify(
      {
        cycle: plan.cycle,
        costs,
        binding,
        causes,
        supply,
        overtime,
        inventory,
        backlog,
        scenario: outcome.scenario,
      },
      null,
      2,
    )}\n`;
  }
  return formatOutcome(file, plan, outcome.constrained, out);
}

function formatOutcome(
  file: string,
  plan: Plan,
  constrained: ConstrainedPlan,
  scenarioFile: string | undefined,
): string {
  const money = (value: number) => formatMoney(value, plan.currency);
  const { costs } = constrained;
  const resourceName = new Map(plan.resources.map((r) => [r.id, r.name]));
  const familyName = new Map(plan.families.map((f) => [f.id, f.name]));
  const moved = plan.families.reduce(
    (count, family) =>
      count +
      plan.periods.filter(
        (month) =>
          Math.abs(
            (constrained.supply[family.id]?.[month] ?? 0) - (plan.supply[family.id]?.[month] ?? 0),
          ) > 1e-6,
      ).length,
    0,
  );
  const lines = [
    `Constrained supply plan of ${file}: ${plan.cycle}, ${plan.periods.length} months`,
    '',
    ...table(
      [{ header: 'cost over the horizon' }, { header: plan.currency, align: 'right' }],
      [
        ['holding stock', money(costs.holding)],
        ['backlog, per month late', money(costs.backlog)],
        ["still owed at the horizon's end (revenue)", money(costs.unshipped)],
        ['overtime', money(costs.overtime)],
        ['below safety stock', money(costs.safetyShortfall)],
        ['moving off the supply typed in', money(costs.planChange)],
        ['total', money(costs.total)],
      ],
    ),
    '',
    `Supply changes in ${formatNumber(moved)} of ${formatNumber(plan.families.length * plan.periods.length)} family-months.`,
    '',
  ];
  if (constrained.binding.length === 0) {
    lines.push('No resource-month binds: one more hour anywhere would save nothing.');
  } else {
    lines.push(
      `What one more hour is worth where capacity binds (${constrained.binding.length}, most first):`,
    );
    lines.push(
      ...table(
        [
          { header: 'resource' },
          { header: 'month' },
          { header: 'per hour', align: 'right' },
          { header: 'overtime h', align: 'right' },
        ],
        constrained.binding
          .slice(0, SHOWN_BINDING)
          .map((b) => [
            label(resourceName.get(b.resource) ?? b.resource, b.resource, 32),
            b.month,
            money(b.valuePerHour),
            formatNumber(b.overtime, 1),
          ]),
      ),
    );
  }
  if (constrained.causes.length > 0) {
    lines.push('', 'What holds each backlog:');
    for (const cause of constrained.causes) {
      const name = familyName.get(cause.family) ?? cause.family;
      const held =
        cause.binding.length > 0
          ? [...new Set(cause.binding.map((b) => resourceName.get(b.resource) ?? b.resource))].join(
              ', ',
            )
          : cause.atMaximum
            ? 'its maximum supply'
            : 'nothing binds: owing costs less than any lever';
      lines.push(
        `  ${name}: peak ${formatNumber(cause.peakBacklog)} units in ${cause.peakMonth}, held by ${held}`,
      );
    }
  }
  lines.push(
    '',
    scenarioFile
      ? `Draft scenario written to ${scenarioFile}: compare it with \`fulcrum scenarios\`.`
      : 'Write it as a draft scenario with --scenario-out s.json; --json gives every month.',
  );
  return `${lines.join('\n')}\n`;
}
