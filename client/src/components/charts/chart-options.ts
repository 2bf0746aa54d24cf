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

/** The value axis: no axis line, quiet grid lines, at most `maxTicks` labels written by `label`. */
export function valueAxis(palette: ChartPalette, label: (value: number) => string, maxTicks = 6) {
  return {
    border: { display: false },
    grid: { color: palette.border },
    ticks: { maxTicksLimit: maxTicks, callback: (value: number | string) => label(Number(value)) },
  };
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
