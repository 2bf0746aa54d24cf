/**
 * Minimizes `f` from `start` by the downhill simplex method (Nelder and Mead, 1965),
 * with the standard coefficients (reflection 1, expansion 2, contraction 0.5,
 * shrink 0.5). Deterministic: the same function and start give the same point.
 * `f` may return Infinity for a point outside its domain (a bound it must respect).
 * The npm `fmin` package was the candidate library; its shrink step reads an
 * undeclared variable and throws in strict mode, so the method is written here.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  start: readonly number[],
  options: { maxEvaluations?: number; tolerance?: number; step?: readonly number[] } = {},
): { x: Float64Array; value: number } {
  const n = start.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  const tolerance = options.tolerance ?? 1e-8;
  const points: Float64Array[] = [];
  const values = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const point = Float64Array.from(start);
    if (i > 0)
      point[i - 1] += options.step?.[i - 1] ?? (start[i - 1] === 0 ? 0.05 : 0.1 * start[i - 1]);
    points.push(point);
    values[i] = f(point);
  }
  let evaluations = n + 1;
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);
  const second = new Float64Array(n);
  const at = (from: Float64Array, coefficient: number, out: Float64Array): void => {
    for (let j = 0; j < n; j++) out[j] = centroid[j] + coefficient * (from[j] - centroid[j]);
  };
  while (evaluations < maxEvaluations) {
    // Ties keep index order, so the walk never depends on the sort's stability.
    order.sort((a, b) => values[a] - values[b] || a - b);
    const best = order[0];
    const worst = order[n];
    const spread = Math.abs(values[worst] - values[best]);
    if (spread <= tolerance * (Math.abs(values[best]) + tolerance)) break;
    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const point = points[order[k]];
      for (let j = 0; j < n; j++) centroid[j] += point[j] / n;
    }
    at(points[worst], -1, trial);
    const reflected = f(trial);
    evaluations++;
    if (reflected < values[best]) {
      at(points[worst], -2, second);
      const expanded = f(second);
      evaluations++;
      if (expanded < reflected) accept(second, expanded);
      else accept(trial, reflected);
    } else if (reflected < values[order[n - 1]]) {
      accept(trial, reflected);
    } else {
      const outside = reflected < values[worst];
      at(outside ? trial : points[worst], 0.5, second);
      const contracted = f(second);
      evaluations++;
      if (contracted < (outside ? reflected : values[worst])) accept(second, contracted);
      else {
        const anchor = points[best];
        for (let k = 1; k <= n; k++) {
          const point = points[order[k]];
          for (let j = 0; j < n; j++) point[j] = anchor[j] + 0.5 * (point[j] - anchor[j]);
          values[order[k]] = f(point);
        }
        evaluations += n;
      }
    }
    function accept(point: Float64Array, value: number): void {
      points[worst].set(point);
      values[worst] = value;
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[best]) best = i;
  return { x: points[best], value: values[best] };
}
