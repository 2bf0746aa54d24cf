import { ACTUAL_FIELDS } from '../engine/types.ts';

/**
 * The plan's input grids: what people enter per family (per resource, for capacity) and
 * month of the horizon. Declared once; the document, the importers and the page read it.
 */
export const GRID_NAMES = ['demand', 'supply', 'budget', 'capacity'] as const;

/** One of the plan's input grids (see {@link GRID_NAMES}). */
export type GridName = (typeof GRID_NAMES)[number];

/**
 * The family grids of the horizon beside the four inputs: the margin budget (money per
 * family and month; an absent cell is no budget, as for the revenue budget).
 */
export const BUDGET_GRID_NAMES = ['marginBudget'] as const;

/** One of the horizon's budget grids beside the revenue budget (see {@link BUDGET_GRID_NAMES}). */
export type BudgetGridName = (typeof BUDGET_GRID_NAMES)[number];

/**
 * The history grids, of any month: a family's actual sales, and what the plans of that
 * month had for it (demand as `forecast`, supply, shipments).
 */
export const HISTORY_GRID_NAMES = [
  'actual',
  'forecast',
  'plannedSupply',
  'plannedShipments',
] as const;

/** One of the history grids (see {@link HISTORY_GRID_NAMES}). */
export type HistoryGridName = (typeof HISTORY_GRID_NAMES)[number];

/** A field of what happened in an ended month (the plan file's `actuals`). */
export type ActualField = (typeof ACTUAL_FIELDS)[number];

/** The grid that keeps one field of the actuals: `actualsOnHand` for `onHand`. */
export type ActualsGridName = `actuals${Capitalize<ActualField>}`;

/** The grid of an actuals field: `onHand` → `actualsOnHand`. */
export function actualsGrid(field: ActualField): ActualsGridName {
  return `actuals${field[0].toUpperCase()}${field.slice(1)}` as ActualsGridName;
}

/**
 * The actuals grids, one per field of an ended month (ordered, shipped, on hand...), in
 * the order the plan file lists the fields: each cell a family's value of one ended month.
 */
export const ACTUALS_GRID_NAMES: readonly ActualsGridName[] = ACTUAL_FIELDS.map(actualsGrid);

/** The field of the actuals an actuals grid keeps, by grid name. */
export const ACTUAL_FIELD_OF: Readonly<Record<ActualsGridName, ActualField>> = Object.fromEntries(
  ACTUAL_FIELDS.map((field) => [actualsGrid(field), field]),
) as Record<ActualsGridName, ActualField>;

/** What a scenario's override can change: a family grid, a resource's capacity, a family's price. */
export const OVERRIDE_MEASURES = ['demand', 'supply', 'capacity', 'price'] as const;

/** What an override changes (see {@link OVERRIDE_MEASURES}). */
export type OverrideMeasure = (typeof OVERRIDE_MEASURES)[number];
