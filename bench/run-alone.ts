import { fileURLToPath } from 'node:url';

/**
 * How a benchmark runs as a script of its own (`tsx bench/relay-bench.ts --quick`), beside
 * `npm run bench`, which calls the same functions: `--quick` for a short run, `--json` to
 * print its data after the report.
 */

/** What one benchmark gives: its report section and its data. */
export interface BenchOutput<T> {
  markdown: string;
  json: T;
}

/**
 * When `moduleUrl` is the script node was started with, runs `run`, prints its report
 * (and its data with `--json`) and exits: 1 when it throws or `failed` says so, else 0.
 */
export function runAlone<T>(
  moduleUrl: string,
  name: string,
  run: (quick: boolean) => Promise<BenchOutput<T>>,
  failed: (json: T) => boolean = () => false,
): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const quick = process.argv.includes('--quick');
  const json = process.argv.includes('--json');
  run(quick).then(
    (result) => {
      console.log(`\n${result.markdown}`);
      if (json) console.log(JSON.stringify(result.json, null, 2));
      process.exit(failed(result.json) ? 1 : 0);
    },
    (error: unknown) => {
      console.error(`${name} failed:`, error);
      process.exit(1);
    },
  );
}
