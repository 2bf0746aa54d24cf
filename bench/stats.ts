/**
 * Timing statistics for the benchmarks. Percentiles are
 * computed here (sorted samples, nearest rank) so the numbers do not depend on a library.
 */

/** Summary of a set of timings in milliseconds. */
export interface Timing {
  runs: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** The nearest-rank percentile (0 < p <= 100) of samples already sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Median, p95, mean, min and max of timings in milliseconds. */
export function summarize(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    runs: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean: sum / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

/** The least time spent warming up before timed runs. */
const WARMUP_MS = 1000;

/**
 * Runs `fn` untimed (`warmup` times and for at least a second), then `runs` times,
 * timing each run with performance.now().
 */
export function timeRuns(fn: () => void, runs: number, warmup: number): Timing {
  // Steady state, as in a session that reconciles all day: at least `warmup` runs and at
  // least a second, so the JIT has finished optimizing before anything is timed.
  const warmUntil = performance.now() + WARMUP_MS;
  for (let i = 0; i < warmup || performance.now() < warmUntil; i++) fn();
  const samples: number[] = new Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples[i] = performance.now() - start;
  }
  return summarize(samples);
}

/** Runs the collector when the process was started with --expose-gc (npm run bench does). */
export function collectGarbage(): void {
  global.gc?.();
  global.gc?.();
}
