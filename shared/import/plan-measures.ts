import type { GridName } from '../schema/grids.ts';

/**
 * The rows of the plan as people read them: the plan grid's rows and the measure column
 * of an exported CSV, so an exported file names every row the way an import reads it.
 */

/** The plan grids a person types into (named once, in shared/schema/grids.ts). */
export type InputGrid = GridName;

/** A row of a family's block in the plan grid: an input, or a number the engine derives. */
export interface FamilyMeasure {
  id:
    | 'demand'
    | 'supply'
    | 'budget'
    | 'projectedInventory'
    | 'cover'
    | 'status'
    | 'shipments'
    | 'revenue'
    | 'margin'
    | 'budgetGap';
  /** The measure's name: the start of every cell's accessible name. */
  label: string;
  /** The grid a person edits; absent for derived rows. */
  grid?: InputGrid;
  /** Money rows show the plan's currency. */
  money?: boolean;
}

/** Every row of a family's block, in the order the grid shows them. */
export const FAMILY_MEASURES: readonly FamilyMeasure[] = [
  { id: 'demand', label: 'Demand', grid: 'demand' },
  { id: 'supply', label: 'Supply', grid: 'supply' },
  { id: 'budget', label: 'Budget', grid: 'budget', money: true },
  { id: 'projectedInventory', label: 'Projected inventory' },
  { id: 'cover', label: 'Cover' },
  { id: 'status', label: 'Status' },
  { id: 'shipments', label: 'Shipments' },
  { id: 'revenue', label: 'Revenue', money: true },
  { id: 'margin', label: 'Margin', money: true },
  { id: 'budgetGap', label: 'Budget gap', money: true },
];

/** A resource's rows: capacity is typed, load and utilization are derived. */
export const RESOURCE_MEASURES = [
  { id: 'capacity', label: 'Capacity', grid: 'capacity' },
  { id: 'load', label: 'Load' },
  { id: 'utilization', label: 'Utilization' },
] as const;
