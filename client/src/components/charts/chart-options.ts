import type { ChartComponentLike } from 'chart.js';
import { tooltipBox, type ChartPalette } from './chart-theme.ts';
import type { CoreParts } from '../../lib/load-chart.ts';

/*
 * The options the bar and line charts share, so they look alike: each chart spreads
 * these into its configuration and adds only what is its own. Plain objects and type-only
 * imports: nothing here loads Chart.js.
 */

/** A chart fills its frame's height, draws at once (no animation) and keeps a little room top right. */
export const FRAME_OPTIONS = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  layout: { padding: { top: 4, right: 4 } },
} as const;

/** The axis of categories along the bottom: no grid lines, a firm base line. */
export function categoryAxis(palette: ChartPalette) {
  return { grid: { display: false }, border: { color: palette.borderStrong } };
}

/** A category axis of months: labels upright, skipped evenly when they do not all fit. */
export function monthAxis(palette: ChartPalette) {
  return { ...categoryAxis(palette), ticks: { maxRotation: 0, autoSkipPadding: 12 } };
}

/**
 * The value axis: no axis line, quiet grid lines, at most `maxTicks` labels written by
 * `label`, which is given the distance between ticks to round to (`€9.3M`, not
 * `€9,257,173`).
 */
export function valueAxis(
  palette: ChartPalette,
  label: (value: number, step: number) => string,
  maxTicks = 6,
) {
  return {
    border: { display: false },
    grid: { color: palette.border },
    ticks: {
      maxTicksLimit: maxTicks,
      callback: (value: number | string, _index: number, ticks: readonly { value: number }[]) =>
        label(Number(value), tickStep(ticks)),
    },
  };
}

/** The smallest distance between neighbouring ticks; 0 with fewer than two. */
export function tickStep(ticks: readonly { value: number }[]): number {
  let step = Infinity;
  for (let i = 1; i < ticks.length; i++) {
    const gap = Math.abs(ticks[i].value - ticks[i - 1].value);
    if (gap > 0) step = Math.min(step, gap);
  }
  return Number.isFinite(step) ? step : 0;
}

/**
 * Where a bar chart's value axis starts when it does not start at zero: bars whose values
 * differ by less than half the largest would all look the same drawn from zero, so the
 * axis starts (all positive) or ends (all negative) at a round value near the data.
 * Null when zero belongs on the axis: values of both signs, a zero, or differences large
 * enough to see. The chart says the break in words (see {@link axisBreakText}).
 */
export function nearDataBound(values: readonly number[]): { min: number } | { max: number } | null {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return null;
  const positive = finite.every((value) => value > 0);
  if (!positive && !finite.every((value) => value < 0)) return null;
  const sizes = finite.map(Math.abs);
  const low = Math.min(...sizes);
  const high = Math.max(...sizes);
  if (high - low >= high / 2) return null;
  // Room below the shortest bar: more than the spread, so the shortest still shows.
  const start = low - Math.max((high - low) * 0.6, high * 0.02);
  const step = niceStep((high - start) / 5);
  const bound = Math.max(0, Math.floor(start / step) * step);
  if (bound === 0) return null;
  return positive ? { min: bound } : { max: -bound };
}

/** A round step of 1, 2 or 5 times a power of ten, at least `span`. */
export function niceStep(span: number): number {
  if (!(span > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(span));
  const fraction = span / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** `The axis starts at €9.0M, not at zero: the bars show the differences.` */
export function axisBreakText(
  bound: { min: number } | { max: number },
  money: (value: number) => string,
): string {
  return 'min' in bound
    ? `The axis starts at ${money(bound.min)}, not at zero: the bars show the differences.`
    : `The axis ends at ${money(bound.max)}, not at zero: the bars show the differences.`;
}

/**
 * The tooltip of a chart with a month per column: every series of the month under the
 * pointer, in dataset order. The chart adds its callbacks (the month as the title, a line
 * per series).
 */
export function monthTooltip(palette: ChartPalette) {
  return {
    ...tooltipBox(palette),
    boxPadding: 4,
    titleFont: { weight: 600 },
    itemSort: (a: { datasetIndex: number }, b: { datasetIndex: number }) =>
      a.datasetIndex - b.datasetIndex,
  };
}

/** The Chart.js parts of a bar chart. */
export function barParts(parts: CoreParts): ChartComponentLike[] {
  return [
    parts.BarController,
    parts.BarElement,
    parts.CategoryScale,
    parts.LinearScale,
    parts.Tooltip,
  ];
}

/** The Chart.js parts of bars with lines over them. */
export function barLineParts(parts: CoreParts): ChartComponentLike[] {
  return [...barParts(parts), parts.LineController, parts.LineElement, parts.PointElement];
}
