import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { runFulcrum } from '../helpers/cli.ts';
import { tempDirsForFile } from '../helpers/relay.ts';

const tempDir = tempDirsForFile();

/** A competition file: series as columns, a count, a first year and month, then values. */
function competitionCsv(series: Record<string, number[]>): string {
  const names = Object.keys(series);
  const longest = Math.max(...names.map((name) => series[name].length));
  const rows = [
    names.join(','),
    names.map((name) => series[name].length).join(','),
    names.map(() => '2000').join(','),
    names.map(() => '1').join(','),
  ];
  for (let i = 0; i < longest; i++) {
    rows.push(names.map((name) => (i < series[name].length ? series[name][i] : '')).join(','));
  }
  return `${rows.join('\n')}\n`;
}

const seasonal = (months: number, level: number) =>
  Array.from({ length: months }, (_, t) => level + 10 * Math.sin((2 * Math.PI * t) / 4) + t);

describe('fulcrum forecast-eval', () => {
  it('scores the baseline and its parts against the out-of-sample file beside the history', async () => {
    const dir = await tempDir('forecast-eval-');
    const full = { a: seasonal(40, 100), b: seasonal(36, 300) };
    const history = { a: full.a.slice(0, 32), b: full.b.slice(0, 28) };
    const future = { a: full.a.slice(32), b: full.b.slice(28) };
    await writeFile(join(dir, 'quarterly_in.csv'), competitionCsv(history));
    await writeFile(join(dir, 'quarterly_oos.csv'), competitionCsv(future));
    const run = await runFulcrum(
      ['forecast-eval', join(dir, 'quarterly_in.csv'), '--horizon', '8', '--period', '4', '--json'],
      {},
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.futureFrom).toBe('quarterly_oos.csv');
    expect(report.series).toBe(2);
    expect(report.methods.map((m: { method: string }) => m.method)).toEqual([
      'baseline',
      'ETS',
      'Theta',
      'seasonal naive',
    ]);
    // Seasonal naive's error is computable by hand: it repeats the last four quarters.
    const naive = report.methods[3];
    let expected = 0;
    for (const name of ['a', 'b'] as const) {
      const h = history[name];
      let scale = 0;
      for (let t = 4; t < h.length; t++) scale += Math.abs(h[t] - h[t - 4]);
      scale /= h.length - 4;
      for (let k = 0; k < 8; k++) {
        expected += Math.abs(future[name][k] - h[h.length - 4 + (k % 4)]) / scale;
      }
    }
    expect(naive.mase).toBeCloseTo(expected / 16, 10);
    expect(naive.perHorizon).toHaveLength(8);
    expect(run.stderr).toMatch(/2\/2 series/);
  });

  it('holds out the last points when there is no out-of-sample file, and prints tables', async () => {
    const dir = await tempDir('forecast-eval-');
    await writeFile(join(dir, 'series.csv'), competitionCsv({ a: seasonal(30, 50) }));
    const run = await runFulcrum(
      ['forecast-eval', join(dir, 'series.csv'), '--horizon', '4', '--period', '4'],
      {},
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Future: the last 4 points of each series, held out\./);
    expect(run.stdout).toMatch(
      /baseline \(median of ETS, Theta, seasonal naive\)\s+\d+\.\d\d\s+\d+\.\d\d/,
    );
  });

  it('names the column and row of a value that is not a number', async () => {
    const dir = await tempDir('forecast-eval-');
    const text = competitionCsv({ a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }).replace(
      '\n7\n',
      '\nseven\n',
    );
    await writeFile(join(dir, 'bad.csv'), text);
    const run = await runFulcrum(
      ['forecast-eval', join(dir, 'bad.csv'), '--horizon', '2', '--period', '4'],
      {},
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /series "a" \(column 1\), row 11: expected observation 7 of 10, got "seven"/,
    );
  });

  it('asks for the horizon and the season', async () => {
    const run = await runFulcrum(['forecast-eval', 'x.csv'], {});
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--horizon and --period are required/);
  });
});

describe('fulcrum forecast', () => {
  it('prints every family’s baseline and model, and every month with --json', async () => {
    const dir = await tempDir('forecast-');
    const plan = generateDemoPlan({ seed: 7 });
    const file = join(dir, 'plan.json');
    await writeFile(file, JSON.stringify(plan));
    const text = await runFulcrum(['forecast', file], {});
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Statistical baseline of .*: 12 families/);
    expect(text.stdout).toMatch(
      new RegExp(`${plan.families[0].name} \\(${plan.families[0].id}\\)`),
    );
    const json = await runFulcrum(['forecast', file, '--horizon', '4', '--json'], {});
    const report = JSON.parse(json.stdout);
    expect(report.families).toHaveLength(plan.families.length);
    for (const family of report.families) {
      expect(family.forecast).toHaveLength(4);
      expect(family.method).toMatch(/^(median of ETS|mean of Theta)/);
    }
  });
});
