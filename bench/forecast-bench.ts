/**
 * The statistical baseline (shared/forecast): its accuracy on the tourism forecasting
 * competition's series beside R's forecast package as the competition was reproduced
 * (bench/data/tourism/README.md), and its speed on 500 families of 60 months (goal: all
 * in 2 s on this machine). `tsx bench/forecast-bench.ts [--quick]`; part of `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { forecastBaseline } from '../shared/forecast/baseline.ts';
import { readCompetitionCsv } from '../shared/forecast/competition-csv.ts';
import { evaluateBaseline, type Evaluation } from '../shared/forecast/evaluation.ts';
import { correctedHistory } from '../shared/forecast/outliers.ts';
import { runAlone, type BenchOutput } from './run-alone.ts';
import { summarize, type Timing } from './stats.ts';

/** Families and months of history of the speed goal, and the goal in milliseconds. */
export const BASELINE_SPEED = { families: 500, months: 60, horizon: 18, goalMs: 2000 } as const;

/** The competition's sets: season, horizon, and R's forecast package's MASE (and MAPE). */
const SETS = [
  {
    kind: 'monthly',
    period: 12,
    horizon: 24,
    reference: [
      { method: 'ETS (forecast::ets)', mase: 1.54, mape: 21.06 },
      { method: 'ARIMA (auto.arima)', mase: 1.6, mape: 26.13 },
      { method: 'seasonal naive', mase: 1.63, mape: 22.56 },
      { method: 'Theta', mase: 1.65, mape: 22.39 },
    ],
    goal: { mase: 1.5, mape: 21.0 },
  },
  {
    kind: 'quarterly',
    period: 4,
    horizon: 8,
    reference: [
      { method: 'ETS (forecast::ets)', mase: 1.59, mape: null },
      { method: 'ARIMA (auto.arima)', mase: 1.6, mape: null },
      { method: 'Theta', mase: 1.66, mape: null },
      { method: 'seasonal naive', mase: 1.7, mape: null },
    ],
    goal: null,
  },
  {
    kind: 'yearly',
    period: 1,
    horizon: 4,
    reference: [
      { method: 'Theta', mase: 2.73, mape: null },
      { method: 'ETS (forecast::ets)', mase: 3.0, mape: null },
      { method: 'naive', mase: 3.01, mape: null },
      { method: 'ARIMA (auto.arima)', mase: 3.19, mape: null },
    ],
    goal: null,
  },
] as const;

/** What the forecast benchmark found. */
export interface ForecastBenchResult {
  accuracy: { kind: string; evaluation: Evaluation; seconds: number }[];
  speed: { families: number; months: number; horizon: number; timing: Timing; goalMs: number };
  goalsMet: { monthlyAccuracy: boolean; speed: boolean };
}

function competition(kind: string, period: number) {
  const read = (part: string) =>
    readCompetitionCsv(
      readFileSync(new URL(`./data/tourism/${kind}_${part}.csv`, import.meta.url), 'utf8'),
      period,
    );
  const future = new Map(read('oos').map((column) => [column.name, column.values]));
  return read('in').map((column) => ({
    name: column.name,
    history: column.values,
    future: future.get(column.name) ?? [],
  }));
}

/**
 * Histories for the speed goal: the last 60 months of the competition's monthly series,
 * taken in turn until there are 500 (real demand-like shapes, not generated noise).
 */
function speedHistories(): number[][] {
  const series = competition('monthly', 12);
  return Array.from({ length: BASELINE_SPEED.families }, (_, i) => {
    const history = series[i % series.length].history;
    return history.slice(-BASELINE_SPEED.months);
  });
}

/** Runs the benchmark: every set's accuracy (monthly only with `quick`), then the speed. */
export async function runForecastBench(quick: boolean): Promise<BenchOutput<ForecastBenchResult>> {
  const accuracy: ForecastBenchResult['accuracy'] = [];
  for (const set of quick ? SETS.slice(0, 1) : SETS) {
    const started = performance.now();
    const evaluation = evaluateBaseline(competition(set.kind, set.period), set.period, set.horizon);
    accuracy.push({ kind: set.kind, evaluation, seconds: (performance.now() - started) / 1000 });
  }
  const histories = speedHistories();
  const samples: number[] = [];
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    const started = performance.now();
    for (const history of histories) {
      forecastBaseline(correctedHistory(history, 12).values, 12, BASELINE_SPEED.horizon);
    }
    samples.push(performance.now() - started);
  }
  const timing = summarize(samples);
  const monthly = accuracy[0].evaluation.methods[0];
  const json: ForecastBenchResult = {
    accuracy,
    speed: { ...BASELINE_SPEED, timing, goalMs: BASELINE_SPEED.goalMs },
    goalsMet: {
      monthlyAccuracy: monthly.mase <= 1.5 && monthly.mape <= 21.0,
      speed: timing.median <= BASELINE_SPEED.goalMs,
    },
  };
  return { markdown: forecastMarkdown(json), json };
}

function forecastMarkdown(result: ForecastBenchResult): string {
  const lines = ['## Statistical baseline (demand forecast)', ''];
  for (const { kind, evaluation, seconds } of result.accuracy) {
    const set = SETS.find((s) => s.kind === kind)!;
    lines.push(
      `### Tourism competition, ${kind}: ${evaluation.series} series, horizons 1-${evaluation.horizon} (${seconds.toFixed(1)} s)`,
      '',
      '| method | MASE | MAPE |',
      '| --- | --- | --- |',
      ...evaluation.methods.map(
        (m) =>
          `| Fulcrum ${m.method === 'baseline' ? '**baseline** (median of ETS, Theta, seasonal naive; outliers corrected)' : m.method} | ${m.mase.toFixed(2)} | ${m.mape.toFixed(2)} |`,
      ),
      ...set.reference.map(
        (r) =>
          `| R forecast: ${r.method} | ${r.mase.toFixed(2)} | ${r.mape === null ? '' : r.mape.toFixed(2)} |`,
      ),
      '',
    );
    if (set.goal) {
      const baseline = evaluation.methods[0];
      lines.push(
        `Goal: MASE ≤ ${set.goal.mase.toFixed(2)} and MAPE ≤ ${set.goal.mape.toFixed(1)}: ${baseline.mase <= set.goal.mase && baseline.mape <= set.goal.mape ? 'met' : 'NOT met'}.`,
        '',
      );
    }
  }
  const { speed } = result;
  lines.push(
    `### Speed: ${speed.families} families × ${speed.months} months, ${speed.horizon}-month baseline`,
    '',
    `Median ${(speed.timing.median / 1000).toFixed(2)} s over ${speed.timing.runs} runs (max ${(speed.timing.max / 1000).toFixed(2)} s); goal ≤ ${(speed.goalMs / 1000).toFixed(0)} s: ${result.goalsMet.speed ? 'met' : 'NOT met'}.`,
  );
  return lines.join('\n');
}

runAlone(import.meta.url, 'forecast benchmark', runForecastBench);
