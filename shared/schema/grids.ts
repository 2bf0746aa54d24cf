/**
 * The plan's input grids: what people enter per family (per resource, for capacity) and
 * month of the horizon. Declared once; the document, the importers and the page read it.
 */
export const GRID_NAMES = ['demand', 'supply', 'budget', 'capacity'] as const;

/** One of the plan's input grids (see {@link GRID_NAMES}). */
export type GridName = (typeof GRID_NAMES)[number];

/** The history grids: a family's actuals and past forecasts, of any month. */
export const HISTORY_GRID_NAMES = ['actual', 'forecast'] as const;

/** One of the history grids (see {@link HISTORY_GRID_NAMES}). */
export type HistoryGridName = (typeof HISTORY_GRID_NAMES)[number];

/** What a scenario's override can change: a family grid, a resource's capacity, a family's price. */
export const OVERRIDE_MEASURES = ['demand', 'supply', 'capacity', 'price'] as const;

/** What an override changes (see {@link OVERRIDE_MEASURES}). */
export type OverrideMeasure = (typeof OVERRIDE_MEASURES)[number];
