/**
 * How the plan grids' cells read: the rows a family shows, each cell's text, tone and
 * number, the setup grid's finer formats, and the lookups the grids share.
 */

import type { FamilyRow, ResourceRow } from '../../../shared/engine/index.ts';
import {
  FAMILY_MEASURES,
  RESOURCE_MEASURES,
  type FamilyMeasure,
} from '../../../shared/import/plan-measures.ts';
import { INPUT_DECIMALS, type Formatters } from './format.ts';
import { STATUS_LABEL, STATUS_SHORT, utilizationBand } from './labels.ts';

export {
  FAMILY_MEASURES,
  RESOURCE_MEASURES,
  type FamilyMeasure,
  type InputGrid,
} from '../../../shared/import/plan-measures.ts';

/** Which of a family's rows the grid shows: all, a theme, or one input for block pastes. */
export const ROW_SETS = [
  { id: 'all', label: 'All measures', measures: FAMILY_MEASURES.map((m) => m.id) },
  {
    id: 'units',
    label: 'Units: demand, supply, inventory',
    measures: ['demand', 'supply', 'projectedInventory', 'cover', 'status', 'shipments'],
  },
  {
    id: 'money',
    label: 'Money: budget, revenue, margin',
    measures: ['budget', 'revenue', 'margin', 'budgetGap'],
  },
  { id: 'demand', label: 'Demand only', measures: ['demand'] },
  { id: 'supply', label: 'Supply only', measures: ['supply'] },
  { id: 'budget', label: 'Budget only', measures: ['budget'] },
] as const satisfies readonly { id: string; label: string; measures: FamilyMeasure['id'][] }[];

/** A choice of rows. */
export type RowSetId = (typeof ROW_SETS)[number]['id'];

/** The measures of a row set, in grid order. */
export function measuresOf(set: RowSetId): FamilyMeasure[] {
  const ids = new Set<string>(ROW_SETS.find((s) => s.id === set)?.measures ?? []);
  return FAMILY_MEASURES.filter((m) => ids.has(m.id));
}

/** How a cell reads: its text, its tone (colour with the word in the text), a tooltip. */
export interface CellView {
  text: string;
  /** A status tone of app.css (`shortage`, `overload` ...), or `negative` for red numbers. */
  tone?: string;
  /** Render the text as a status chip. */
  chip?: boolean;
  title?: string;
  /** The number behind the text, for editing and copying; null when there is none. */
  value: number | null;
}

/**
 * Whether two views of a cell read alike: the same fields with the same values (a field
 * holding an object, such as a mark, compared by its contents).
 */
export function sameView<View extends CellView>(a: View, b: View): boolean {
  const keys = Object.keys(a) as (keyof View)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const [x, y] = [a[key], b[key]];
    if (x === y) return true;
    return (
      typeof x === 'object' && typeof y === 'object' && JSON.stringify(x) === JSON.stringify(y)
    );
  });
}

/**
 * How an input cell reads: the number as typed, decimals and all (up to
 * {@link INPUT_DECIMALS}); a value with more decimals than that says so in its tooltip.
 */
export function inputView(value: number, format: (value: number) => string): CellView {
  const rounded = Number(value.toFixed(INPUT_DECIMALS)) !== value;
  return { text: format(value), value, title: rounded ? `Exactly ${value}` : undefined };
}

/** The text of a family's cell in one month. */
export function familyCell(measure: FamilyMeasure['id'], row: FamilyRow, f: Formatters): CellView {
  switch (measure) {
    case 'demand':
    case 'supply':
      return inputView(row[measure], f.input);
    case 'shipments':
      return { text: f.quantity(row.shipments), value: row.shipments };
    case 'budget':
      return row.budget === null
        ? { text: '—', value: null, title: 'No budget this month' }
        : inputView(row.budget, f.moneyInput);
    case 'projectedInventory': {
      const value = row.projectedInventory;
      return {
        text: f.quantity(value),
        value,
        tone: row.status === 'ok' ? undefined : row.status,
        title: value < 0 ? `Backlog of ${f.quantity(-value)} units` : undefined,
      };
    }
    case 'cover':
      return row.cover === null
        ? {
            text: 'Beyond',
            value: null,
            title: 'Covers all the demand left in the horizon',
          }
        : { text: f.cover(row.cover), value: row.cover, title: 'Months of future demand covered' };
    case 'status':
      return {
        text: STATUS_SHORT[row.status],
        value: null,
        tone: row.status,
        chip: true,
        title: STATUS_LABEL[row.status],
      };
    case 'revenue':
      return { text: f.money(row.revenue), value: row.revenue };
    case 'margin':
      return {
        text: f.money(row.margin),
        value: row.margin,
        tone: row.margin < 0 ? 'negative' : undefined,
      };
    case 'budgetGap': {
      const gap = row.budget === null ? null : row.budgetGap;
      if (gap === null) return { text: '—', value: null, title: 'No budget this month' };
      return {
        text: f.signedMoney(gap),
        value: gap,
        tone: gap < 0 ? 'belowBudget' : undefined,
      };
    }
  }
}

/** The text of a utilization ratio, with its band in words: `112% over`, `94% tight`, `70%`. */
export function utilizationText(row: ResourceRow, f: Formatters): CellView {
  const band = utilizationBand(row.utilization, row.load);
  if (row.utilization === null) {
    return row.load > 0
      ? { text: 'No capacity', value: null, tone: 'overload', title: 'Load with no capacity' }
      : { text: '—', value: null, title: 'No capacity and no load' };
  }
  // Past 999% the number says no more than "far over", and would not fit the cell.
  const percent = row.utilization > 9.99 ? '>999%' : f.percent(row.utilization, 0);
  if (band === 'over') {
    return {
      text: `${percent} over`,
      value: row.utilization,
      tone: 'overload',
      title: `Overloaded by ${f.quantity(row.overload)} hours`,
    };
  }
  if (band === 'tight') return { text: `${percent} tight`, value: row.utilization, tone: 'tight' };
  return { text: percent, value: row.utilization };
}

/** The text of a resource's cell in one month. */
export function resourceCell(
  measure: (typeof RESOURCE_MEASURES)[number]['id'],
  row: ResourceRow,
  f: Formatters,
): CellView {
  if (measure === 'capacity') return inputView(row.capacity, f.input);
  if (measure === 'load') {
    return {
      text: f.quantity(row.load),
      value: row.load,
      tone: row.overload > 0 ? 'overload' : undefined,
    };
  }
  return utilizationText(row, f);
}

/** Formats of the family setup: prices in cents or finer, hours with their decimals. */
export interface SetupFormats {
  /** `€12.50`, `€12.345` */
  price(value: number): string;
  /** `0.25` */
  hours(value: number): string;
}

/** The setup formats for a currency and locale (the browser's when omitted). */
export function createSetupFormats(currency: string, locale?: string): SetupFormats {
  const price = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: INPUT_DECIMALS,
  });
  const hours = new Intl.NumberFormat(locale, { maximumFractionDigits: INPUT_DECIMALS });
  return { price: (value) => price.format(value), hours: (value) => hours.format(value) };
}

/** Position of each item in a list: `['a', 'b']` -> a: 0, b: 1. */
export function positionsOf(items: readonly string[]): ReadonlyMap<string, number> {
  return new Map(items.map((item, index) => [item, index]));
}

/** Hours per unit by family, then resource. */
export function loadsByFamily(
  loads: readonly { family: string; resource: string; hoursPerUnit: number }[],
): ReadonlyMap<string, ReadonlyMap<string, number>> {
  const byFamily = new Map<string, Map<string, number>>();
  for (const load of loads) {
    let row = byFamily.get(load.family);
    if (!row) byFamily.set(load.family, (row = new Map()));
    row.set(load.resource, load.hoursPerUnit);
  }
  return byFamily;
}
