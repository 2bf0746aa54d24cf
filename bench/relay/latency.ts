/** Latency samples of the relay loads: pooling rounds and summing them up. */

/** Percentiles of a set of latency samples, in ms (NaN when there are none). */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Count, p50, p99, max and mean of `samples` (nearest-rank percentiles). */
export function summarize(samples: Float64Array): LatencySummary {
  const count = samples.length;
  if (count === 0) return { count, p50: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(count - 1, Math.ceil(q * count) - 1)];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count, p50: at(0.5), p99: at(0.99), max: sorted[count - 1], mean: sum / count };
}

/** The samples of several rounds in one array, in order. */
export function concatSamples(parts: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}
