import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readCompetitionCsv } from '../../shared/forecast/competition-csv.ts';
import {
  evaluateBaseline,
  type CompetitionSeries,
  type Evaluation,
} from '../../shared/forecast/evaluation.ts';
import { expectPositionals, integerOption, parseArgs } from './args.ts';
import { InputError } from './cli-error.ts';
import { formatNumber, plural, table } from './format.ts';
import { FORECAST_EVAL_USAGE } from './usage.ts';

/**
 * `fulcrum forecast-eval <file.csv> --horizon H --period P [--future f.csv] [--json]`:
 * evaluates the statistical baseline on a forecasting-competition file (the layout
 * `readCompetitionCsv` reads). The future is `--future`, else the file beside it with
 * `_in` replaced by `_oos` (the tourism competition's naming), else the last H points
 * of each series held out. Prints MASE and MAPE per method and per horizon; progress on
 * stderr.
 */
export async function forecastEvalCommand(
  args: readonly string[],
  progress: (text: string) => void,
): Promise<string> {
  const parsed = parseArgs('forecast-eval', args, {
    horizon: 'value',
    period: 'value',
    future: 'value',
    json: 'flag',
  });
  if (parsed.help) return `Usage: ${FORECAST_EVAL_USAGE}\n`;
  const [file] = expectPositionals('forecast-eval', parsed, ['file.csv'], FORECAST_EVAL_USAGE);
  const horizon = integerOption('forecast-eval', parsed, 'horizon', { min: 1, max: 120 });
  const period = integerOption('forecast-eval', parsed, 'period', { min: 1, max: 366 });
  if (horizon === undefined || period === undefined) {
    throw new InputError(
      `fulcrum forecast-eval: --horizon and --period are required\nUsage: ${FORECAST_EVAL_USAGE}`,
    );
  }
  const history = await readColumns(file, period);
  const futureFile = parsed.values.get('future') ?? besideFile(file);
  let series: CompetitionSeries[];
  let futureFrom: string;
  if (futureFile !== null) {
    const future = new Map((await readColumns(futureFile, period)).map((c) => [c.name, c.values]));
    series = history.map((column) => ({
      name: column.name,
      history: column.values,
      future: future.get(column.name) ?? [],
    }));
    futureFrom = basename(futureFile);
  } else {
    series = history.map((column) => ({
      name: column.name,
      history: column.values.slice(0, Math.max(0, column.values.length - horizon)),
      future: column.values.slice(Math.max(0, column.values.length - horizon)),
    }));
    futureFrom = `the last ${plural(horizon, 'point')} of each series, held out`;
  }
  let reported = 0;
  const evaluation = evaluateBaseline(series, period, horizon, (done, total) => {
    if (done * 10 >= (reported + 1) * total || done === total) {
      reported = Math.floor((done * 10) / total);
      progress(`fulcrum forecast-eval: ${formatNumber(done)}/${formatNumber(total)} series\n`);
    }
  });
  if (evaluation.series === 0) {
    throw new InputError(
      `fulcrum forecast-eval: no series could be evaluated (${evaluation.skipped[0]?.reason ?? 'the file has none'})`,
    );
  }
  return parsed.flags.has('json')
    ? `${JSON.stringify({ file: basename(file), futureFrom, ...evaluation }, null, 2)}\n`
    : formatEvaluation(basename(file), futureFrom, evaluation);
}

async function readColumns(file: string, period: number) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`fulcrum forecast-eval: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return readCompetitionCsv(text, period);
  } catch (error) {
    throw new InputError(`fulcrum forecast-eval: ${file}: ${(error as Error).message}`);
  }
}

/** The out-of-sample file beside an in-sample one (`monthly_in.csv` → `monthly_oos.csv`). */
function besideFile(file: string): string | null {
  const name = basename(file);
  if (!/_in\.csv$/i.test(name)) return null;
  const beside = join(dirname(file), name.replace(/_in\.csv$/i, '_oos.csv'));
  return existsSync(beside) ? beside : null;
}

const METHOD_NAMES: Readonly<Record<string, string>> = {
  baseline: 'baseline (median of ETS, Theta, seasonal naive)',
  ETS: 'ETS (form by AICc)',
  Theta: 'Theta',
  'seasonal naive': 'seasonal naive',
};

/** The evaluation as tables: per method over horizons 1 to H, then per horizon. */
export function formatEvaluation(file: string, futureFrom: string, evaluation: Evaluation): string {
  const { horizon, period, methods } = evaluation;
  const lines = [
    `Forecast accuracy on ${file}: ${plural(evaluation.series, 'series', 'series')}, season ${period}, horizons 1-${horizon}`,
    `Future: ${futureFrom}.`,
    '',
    ...table(
      [
        { header: 'method' },
        { header: 'MASE', align: 'right' },
        { header: 'MAPE', align: 'right' },
      ],
      methods.map((m) => [
        METHOD_NAMES[m.method] ?? m.method,
        m.mase.toFixed(2),
        m.mape.toFixed(2),
      ]),
    ),
    '',
    'Per horizon (MASE / MAPE):',
    ...table(
      [
        { header: 'horizon', align: 'right' },
        ...methods.map((m) => ({ header: m.method, align: 'right' as const })),
      ],
      Array.from({ length: horizon }, (_, k) => [
        String(k + 1),
        ...methods.map(
          (m) => `${m.perHorizon[k].mase.toFixed(2)} / ${m.perHorizon[k].mape.toFixed(1)}`,
        ),
      ]),
    ),
  ];
  if (evaluation.zeroActuals > 0) {
    lines.push('', `MAPE leaves out ${plural(evaluation.zeroActuals, 'point')} whose actual is 0.`);
  }
  if (evaluation.skipped.length > 0) {
    const first = evaluation.skipped.slice(0, 3).map((s) => `${s.name} (${s.reason})`);
    lines.push(
      '',
      `Left out: ${plural(evaluation.skipped.length, 'series', 'series')}: ${first.join(', ')}${evaluation.skipped.length > 3 ? ', ...' : ''}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
