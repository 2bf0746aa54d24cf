import { seasonalFigure } from './decompose.ts';
import { nelderMead } from './nelder-mead.ts';

/**
 * Exponential smoothing in state-space form (Hyndman, Koehler, Ord and Snyder 2008):
 * error additive or multiplicative, trend none, additive or damped, season none,
 * additive or multiplicative. Parameters and the initial level and slope are fitted by
 * maximum likelihood; the initial season comes from a classical decomposition of the
 * first three seasons. Models are compared by AICc. Pure and deterministic.
 */

/** The form of one exponential smoothing model. */
export interface EtsForm {
  error: 'A' | 'M';
  trend: 'N' | 'A' | 'Ad';
  season: 'N' | 'A' | 'M';
}

/** A fitted model: its form, parameters, final states and information criterion. */
export interface EtsModel {
  form: EtsForm;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  /** Level and slope after the last observation. */
  level: number;
  slope: number;
  /** Seasonal state per position in the season (position of t = t mod period). */
  season: Float64Array;
  period: number;
  /** Observations fitted. */
  n: number;
  aicc: number;
}

/** The name of a form the way the literature writes it, e.g. "ETS(M,Ad,A)". */
export function formName(form: EtsForm): string {
  return `ETS(${form.error},${form.trend},${form.season})`;
}

const SMALL = 1e-4;

/** Every form worth fitting to `y` (multiplicative parts only for positive data). */
export function candidateForms(y: ArrayLike<number>, period: number): EtsForm[] {
  let positive = true;
  for (let t = 0; t < y.length; t++) if (!(y[t] > 0)) positive = false;
  const seasonal = period > 1 && y.length >= 2 * period;
  const forms: EtsForm[] = [];
  for (const error of positive ? (['A', 'M'] as const) : (['A'] as const)) {
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const season of ['N', 'A', 'M'] as const) {
        if (season !== 'N' && !seasonal) continue;
        if (season === 'M' && (!positive || error === 'A')) continue;
        forms.push({ error, trend, season });
      }
    }
  }
  return forms;
}

/**
 * Fits one form to `y` with season length `period`; null when the history is too
 * short for its parameters or no admissible fit is found.
 */
export function fitEts(y: ArrayLike<number>, period: number, form: EtsForm): EtsModel | null {
  const n = y.length;
  const m = form.season === 'N' ? 1 : period;
  const hasTrend = form.trend !== 'N';
  const damped = form.trend === 'Ad';
  const parameterCount = 1 + (hasTrend ? 1 : 0) + (form.season !== 'N' ? 1 : 0) + (damped ? 1 : 0);
  const stateCount = 1 + (hasTrend ? 1 : 0) + (form.season !== 'N' ? m - 1 : 0);
  const np = parameterCount + stateCount + 1;
  if (n - np - 1 <= 0) return null;

  const figure =
    form.season === 'N'
      ? new Float64Array(1)
      : seasonalFigure(
          Array.prototype.slice.call(y, 0, Math.min(n, 3 * m)) as number[],
          m,
          form.season === 'A' ? 'additive' : 'multiplicative',
        );
  if (figure === null) return null;
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const s = figure[t % m];
    adjusted[t] =
      form.season === 'A' ? y[t] - s : form.season === 'M' ? y[t] / Math.max(s, 1e-2) : y[t];
  }
  const first = Math.min(Math.max(10, 2 * m), n);
  let level0: number;
  let slope0 = 0;
  if (!hasTrend) {
    level0 = 0;
    for (let t = 0; t < first; t++) level0 += adjusted[t];
    level0 /= first;
  } else {
    // Least squares over x = 1..first: the line's value at x = 0 and its slope.
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let t = 0; t < first; t++) {
      const x = t + 1;
      sx += x;
      sy += adjusted[t];
      sxx += x * x;
      sxy += x * adjusted[t];
    }
    slope0 = (first * sxy - sx * sy) / (first * sxx - sx * sx);
    level0 = (sy - slope0 * sx) / first;
    if (Math.abs(level0 + slope0) < 1e-8) {
      level0 *= 1 + 1e-3;
      slope0 *= 1 - 1e-3;
    }
  }
  let scale = 0;
  for (let t = 0; t < n; t++) scale += Math.abs(y[t]);
  scale = scale / n || 1;

  const season = new Float64Array(m);
  const state = { level: 0, slope: 0 };
  const likelihood = (x: Float64Array): number => {
    const alpha = x[0];
    let at = 1;
    const beta = hasTrend ? x[at++] : 0;
    const gamma = form.season !== 'N' ? x[at++] : 0;
    const phi = damped ? x[at++] : 1;
    const level = x[at++] * scale;
    const slope = hasTrend ? x[at] * scale : 0;
    if (alpha < SMALL || alpha > 1 - SMALL) return Infinity;
    if (hasTrend && (beta < SMALL || beta > alpha)) return Infinity;
    if (form.season !== 'N' && (gamma < SMALL || gamma > 1 - alpha)) return Infinity;
    if (damped && (phi < 0.8 || phi > 0.98)) return Infinity;
    season.set(figure);
    return run(y, form, m, alpha, beta, gamma, phi, level, slope, season, state);
  };
  const start = [form.season !== 'N' ? 0.2 / m + SMALL : 0.2];
  if (hasTrend) start.push(0.1 * start[0]);
  if (form.season !== 'N') start.push(0.05 * (1 - start[0]));
  if (damped) start.push(0.978);
  start.push(level0 / scale);
  if (hasTrend) start.push(slope0 / scale);
  const steps = start.map((value, i) =>
    i < parameterCount ? Math.max(0.02, value * 0.5) : Math.max(0.05, Math.abs(value) * 0.1),
  );
  // 50 evaluations per parameter and a relative tolerance of 1e-5: on the tourism
  // competition's series, three times the budget changes MASE by less than 0.01.
  const best = nelderMead(likelihood, start, {
    step: steps,
    maxEvaluations: 50 * start.length,
    tolerance: 1e-5,
  });
  if (!Number.isFinite(best.value)) return null;
  const lik = likelihood(best.x);
  const x = best.x;
  let at = 1;
  const model: EtsModel = {
    form,
    alpha: x[0],
    beta: hasTrend ? x[at++] : 0,
    gamma: form.season !== 'N' ? x[at++] : 0,
    phi: damped ? x[at] : 1,
    level: state.level,
    slope: state.slope,
    season: Float64Array.from(season),
    period: m,
    n,
    aicc: lik + 2 * np + (2 * np * (np + 1)) / (n - np - 1),
  };
  return model;
}

/**
 * Runs the model over `y` from the given initial states, leaving the final states in
 * `season` and `state`, and returns −2 log-likelihood up to a constant: n·log Σe²,
 * plus 2 Σ log|ŷ| for multiplicative errors. Infinity when a forecast is not admissible.
 */
function run(
  y: ArrayLike<number>,
  form: EtsForm,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  level: number,
  slope: number,
  season: Float64Array,
  state: { level: number; slope: number },
): number {
  const n = y.length;
  const trendKind = form.trend === 'N' ? 0 : form.trend === 'A' ? 1 : 2;
  const seasonKind = form.season === 'N' ? 0 : form.season === 'A' ? 1 : 2;
  const multiplicativeError = form.error === 'M';
  let squares = 0;
  // Σ log|ŷ| as the log of a running product, renormalized now and then: one logarithm
  // per many steps instead of one per step.
  let logs = 0;
  let product = 1;
  for (let t = 0; t < n; t++) {
    const damp = trendKind === 0 ? 0 : trendKind === 1 ? slope : phi * slope;
    const q = level + damp;
    const position = t % m;
    const p = seasonKind === 0 ? 0 : season[position];
    const fitted = seasonKind === 1 ? q + p : seasonKind === 2 ? q * p : q;
    const actual = y[t];
    let e: number;
    if (multiplicativeError) {
      const size = fitted < 0 ? -fitted : fitted;
      if (!(size > 1e-10)) return Infinity;
      e = (actual - fitted) / fitted;
      product *= size;
      if (product > 1e150 || product < 1e-150) {
        logs += Math.log(product);
        product = 1;
      }
    } else e = actual - fitted;
    squares += e * e;
    const target = seasonKind === 1 ? actual - p : seasonKind === 2 ? actual / p : actual;
    const nextLevel = q + alpha * (target - q);
    if (trendKind !== 0) slope = damp + (beta / alpha) * (nextLevel - level - damp);
    if (seasonKind === 1) season[position] = p + gamma * (actual - q - p);
    else if (seasonKind === 2) {
      if (!(q > 1e-10 || q < -1e-10)) return Infinity;
      season[position] = p + gamma * (actual / q - p);
    }
    level = nextLevel;
    if (!(level - level === 0)) return Infinity;
  }
  state.level = level;
  state.slope = slope;
  if (multiplicativeError) logs += Math.log(product);
  // A perfect fit (a constant history) has no error: its likelihood is bounded, not −∞.
  return n * Math.log(Math.max(squares, 1e-300)) + (multiplicativeError ? 2 * logs : 0);
}

/** The model's point forecasts for the next `horizon` periods. */
export function forecastEts(model: EtsModel, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  const { form, level, slope, phi, season, period, n } = model;
  let damping = 0;
  let power = 1;
  for (let i = 1; i <= horizon; i++) {
    if (form.trend === 'A') damping = i;
    else if (form.trend === 'Ad') {
      power *= phi;
      damping += power;
    }
    const q = level + damping * slope;
    const p = form.season === 'N' ? 0 : season[(n - 1 + i) % period];
    out[i - 1] = form.season === 'A' ? q + p : form.season === 'M' ? q * p : q;
  }
  return out;
}

/** The form among `forms` whose fit to `y` has the lowest AICc (ties: the earlier form). */
export function autoEts(
  y: ArrayLike<number>,
  period: number,
  forms: readonly EtsForm[] = candidateForms(y, period),
): EtsModel | null {
  let best: EtsModel | null = null;
  for (const form of forms) {
    const model = fitEts(y, period, form);
    if (model && Number.isFinite(model.aicc) && (best === null || model.aicc < best.aicc)) {
      best = model;
    }
  }
  return best;
}
