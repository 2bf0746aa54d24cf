import { planBaselines, type FamilyBaseline } from '../../shared/forecast/plan-baseline.ts';
import { expectPositionals, integerOption, parseArgs } from './args.ts';
import { formatNumber, label, plural, table } from './format.ts';
import { readPlanFiles } from './read-plan-file.ts';
import { FORECAST_USAGE } from './usage.ts';

/** Months of the baseline the text summary shows per family. */
const SHOWN_MONTHS = 6;

/**
 * `fulcrum forecast <plan.json> [--horizon N] [--json]`: the statistical baseline of
 * every family of a plan from its demand history, with the method and the exponential
 * smoothing form chosen, and the outliers corrected; `--json` gives every month.
 */
export async function forecastCommand(args: readonly string[]): Promise<string> {
  const parsed = parseArgs('forecast', args, { horizon: 'value', json: 'flag' });
  if (parsed.help) return `Usage: ${FORECAST_USAGE}\n`;
  const [file] = expectPositionals('forecast', parsed, ['plan.json'], FORECAST_USAGE);
  const horizon = integerOption('forecast', parsed, 'horizon', { min: 1, max: 60 });
  const [plan] = await readPlanFiles([file]);
  const baselines = planBaselines(plan, horizon);
  if (parsed.flags.has('json')) {
    return `${JSON.stringify({ cycle: plan.cycle, families: baselines }, null, 2)}\n`;
  }
  return formatBaselines(file, baselines);
}

function formatBaselines(file: string, baselines: readonly FamilyBaseline[]): string {
  const months = baselines[0]?.forecast.slice(0, SHOWN_MONTHS).map((f) => f.month) ?? [];
  const lines = [
    `Statistical baseline of ${file}: ${plural(baselines.length, 'family', 'families')}`,
    '',
    ...table(
      [
        { header: 'family' },
        { header: 'history', align: 'right' },
        { header: 'outliers', align: 'right' },
        { header: 'model' },
        ...months.map((month) => ({ header: month, align: 'right' as const })),
      ],
      baselines.map((b) => [
        label(b.name, b.family, 28),
        b.historyMonths === 0 ? 'none' : `${b.historyMonths} mo`,
        String(b.outliers.length),
        b.etsForm ?? (b.historyMonths === 0 ? 'no history' : 'Theta + naive'),
        ...months.map((month) => {
          const value = b.forecast.find((f) => f.month === month)?.value;
          return value === undefined ? '' : formatNumber(value);
        }),
      ]),
    ),
    '',
    'Each month: the median of exponential smoothing (form by AICc), Theta and seasonal naive,',
    'on the demand history with its outliers corrected. --json gives every month.',
  ];
  return `${lines.join('\n')}\n`;
}
