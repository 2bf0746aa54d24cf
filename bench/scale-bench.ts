/**
 * The scale-out benchmark: one relay process (SQLite) beside two and three processes on
 * one PostgreSQL and one Redis, under 100 peers and 200 edits/s; latency within and
 * across processes, reach, PostgreSQL append latency, CPU and RSS per process.
 *
 * `runScaleBench(quick)` is what `npm run bench` calls; `npm run bench:scale [-- --quick]`
 * runs it alone (prints the Markdown, writes nothing; `--json` prints the figures too).
 */
import { runScaleBenchmark } from './scale/run-scale-bench.ts';
import { judgeScaleGoals, scaleMarkdown } from './scale/scale-report.ts';
import { runAlone } from './run-alone.ts';

export async function runScaleBench(quick: boolean): Promise<{ markdown: string; json: unknown }> {
  const result = await runScaleBenchmark(quick);
  return { markdown: scaleMarkdown(result), json: { ...result, goals: judgeScaleGoals(result) } };
}

runAlone(import.meta.url, 'scale-out benchmark', runScaleBench);
