import {
  GAP_KINDS,
  type FamilyResult,
  type FamilyRow,
  type GapKind,
  type Reconciliation,
  type ResourceRow,
} from '../../../shared/engine/index.ts';
import {
  FAMILY_MEASURES,
  RESOURCE_MEASURES,
  type FamilyMeasure,
} from '../../../shared/import/plan-measures.ts';
import type { Formatters } from './format.ts';
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

/** The text of a family's cell in one month. */
export function familyCell(measure: FamilyMeasure['id'], row: FamilyRow, f: Formatters): CellView {
  switch (measure) {
    case 'demand':
    case 'supply':
    case 'shipments':
      return { text: f.quantity(row[measure]), value: row[measure] };
    case 'budget':
      return { text: f.money(row.budget), value: row.budget };
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
      const below = row.budget > 0 && row.budgetGap < 0;
      return {
        text: row.budget > 0 ? f.signedMoney(row.budgetGap) : '—',
        value: row.budget > 0 ? row.budgetGap : null,
        tone: below ? 'belowBudget' : undefined,
        title: row.budget > 0 ? undefined : 'No budget this month',
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
  if (measure === 'capacity') return { text: f.quantity(row.capacity), value: row.capacity };
  if (measure === 'load') {
    return {
      text: f.quantity(row.load),
      value: row.load,
      tone: row.overload > 0 ? 'overload' : undefined,
    };
  }
  return utilizationText(row, f);
}

/** A family's problems over the horizon: months short, below safety stock, overstocked, below budget. */
export interface FamilyProblems {
  shortage: number;
  belowSafetyStock: number;
  overstock: number;
  belowBudget: number;
}

/** Counts a family's months with each problem. */
export function familyProblems(family: FamilyResult): FamilyProblems {
  const problems: FamilyProblems = {
    shortage: 0,
    belowSafetyStock: 0,
    overstock: 0,
    belowBudget: 0,
  };
  for (const row of family.rows) {
    if (row.status !== 'ok') problems[row.status] += 1;
    if (row.budget > 0 && row.budgetGap < 0) problems.belowBudget += 1;
  }
  return problems;
}

/** True when a family has any month that is not OK or below budget. */
export function hasProblems(family: FamilyResult): boolean {
  for (const row of family.rows) {
    if (row.status !== 'ok' || (row.budget > 0 && row.budgetGap < 0)) return true;
  }
  return false;
}

/** The worst of a family's problems, in the order the meeting looks at them; null when none. */
export function worstProblem(problems: FamilyProblems): keyof FamilyProblems | null {
  for (const kind of ['shortage', 'belowSafetyStock', 'overstock', 'belowBudget'] as const) {
    if (problems[kind] > 0) return kind;
  }
  return null;
}

/** The headline numbers of the plan over the horizon, for the summary strip. */
export interface PlanHeadline {
  revenue: number;
  budget: number;
  /** revenue - budget over the horizon. */
  budgetGap: number;
  gapCount: number;
  gapsByKind: Record<GapKind, number>;
  gapValueByKind: Record<GapKind, number>;
  /** Resource-months whose load exceeds capacity (the overload gaps). */
  overloadedResourceMonths: number;
  resourceMonths: number;
  /** Family-months with projected inventory below zero (the shortage gaps). */
  shortageMonths: number;
  /** Families with at least one month short. */
  familiesShort: number;
  /** Units of demand not met, summed over the shortage months' backlog. */
  backlogUnits: number;
}

/** The headline of a reconciliation: read from its totals and gap list, in one pass each. */
export function planHeadline(result: Reconciliation): PlanHeadline {
  let revenue = 0;
  let budget = 0;
  for (const period of result.totals) {
    revenue += period.revenue;
    budget += period.budget;
  }
  const gapsByKind = Object.fromEntries(GAP_KINDS.map((kind) => [kind, 0])) as Record<
    GapKind,
    number
  >;
  const gapValueByKind = { ...gapsByKind };
  const familiesShort = new Set<string>();
  let backlogUnits = 0;
  for (const gap of result.gaps) {
    gapsByKind[gap.kind] += 1;
    gapValueByKind[gap.kind] += gap.value;
    if (gap.kind === 'shortage') {
      familiesShort.add(gap.subject);
      backlogUnits += gap.amount;
    }
  }
  return {
    revenue,
    budget,
    budgetGap: revenue - budget,
    gapCount: result.gaps.length,
    gapsByKind,
    gapValueByKind,
    overloadedResourceMonths: gapsByKind.overload,
    resourceMonths: result.resources.length * result.periods.length,
    shortageMonths: gapsByKind.shortage,
    familiesShort: familiesShort.size,
    backlogUnits,
  };
}

/** Formats of the family setup, finer than the grid's: prices in cents, hours to 0.001. */
export interface SetupFormats {
  /** `€12.50` */
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
    maximumFractionDigits: 2,
  });
  const hours = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  return { price: (value) => price.format(value), hours: (value) => hours.format(value) };
}

/** Position of each item in a list: `['a', 'b']` -> a: 0, b: 1. */
export function positionsOf(items: readonly string[]): ReadonlyMap<string, number> {
  return new Map(items.map((item, index) => [item, index]));
}

/** Someone else's cursor on a plan cell, as the grid shows it. */
export interface Visitor {
  name: string;
  color: string;
}

/** Others' cursors by family or resource id, then `grid|month` (my own left out). */
export function visitorsByCell(
  people: readonly {
    name: string;
    color: string;
    isMe: boolean;
    focus: { grid: string; id: string; month: string } | null;
  }[],
): ReadonlyMap<string, ReadonlyMap<string, Visitor[]>> {
  const byId = new Map<string, Map<string, Visitor[]>>();
  for (const person of people) {
    if (person.isMe || !person.focus) continue;
    const { grid, id, month } = person.focus;
    let cells = byId.get(id);
    if (!cells) byId.set(id, (cells = new Map()));
    const key = `${grid}|${month}`;
    cells.set(key, [...(cells.get(key) ?? []), { name: person.name, color: person.color }]);
  }
  return byId;
}

/** The people with a cursor anywhere in one family or resource, each once. */
export function visitorsIn(cells: ReadonlyMap<string, Visitor[]> | undefined): Visitor[] {
  if (!cells) return [];
  const byName = new Map<string, Visitor>();
  for (const list of cells.values()) for (const visitor of list) byName.set(visitor.name, visitor);
  return [...byName.values()];
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

/** What the plan's charts draw (see {@link chartSeries}). */
export type ChartSeries = ReturnType<typeof chartSeries>;

/**
 * `next` with every part that holds the same numbers as in `previous` replaced by
 * `previous`'s: a chart whose inputs are the same objects is not redrawn. A demand edit
 * moves no resource's load, so the utilization heat map (3,600 cells on the reference
 * plan, the costliest chart to draw) stays as it is.
 */
export function keepUnchangedSeries(previous: ChartSeries | null, next: ChartSeries): ChartSeries {
  if (!previous) return next;
  const months = sameValues(previous.months, next.months) ? previous.months : next.months;
  const family =
    previous.family &&
    next.family &&
    previous.family.name === next.family.name &&
    previous.family.safetyStock === next.family.safetyStock &&
    sameValues(previous.family.demand, next.family.demand) &&
    sameValues(previous.family.supply, next.family.supply) &&
    sameValues(previous.family.inventory, next.family.inventory)
      ? previous.family
      : next.family;
  const money =
    sameValues(previous.revenue, next.revenue) && sameValues(previous.budget, next.budget);
  const resources =
    previous.resources.length === next.resources.length &&
    previous.resources.every((before, i) => {
      const after = next.resources[i];
      return (
        before.id === after.id &&
        before.name === after.name &&
        sameValues(before.utilization, after.utilization) &&
        sameValues(before.load, after.load)
      );
    })
      ? previous.resources
      : next.resources;
  return {
    months,
    family,
    revenue: money ? previous.revenue : next.revenue,
    budget: money ? previous.budget : next.budget,
    resources,
  };
}

/** Same length and the same values in order (NaN equals NaN). */
function sameValues<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** The series the plan's charts draw, read from the results at one moment. */
export function chartSeries(
  result: Reconciliation,
  familyId: string | null,
  safetyStock: number | null,
): {
  months: string[];
  family: {
    name: string;
    demand: number[];
    supply: number[];
    inventory: number[];
    safetyStock: number | null;
  } | null;
  revenue: number[];
  budget: number[];
  resources: { id: string; name: string; utilization: (number | null)[]; load: number[] }[];
} {
  const family = familyId ? result.families.find((f) => f.id === familyId) : undefined;
  return {
    months: [...result.periods],
    family: family
      ? {
          name: family.name,
          demand: family.rows.map((row) => row.demand),
          supply: family.rows.map((row) => row.supply),
          inventory: family.rows.map((row) => row.projectedInventory),
          safetyStock,
        }
      : null,
    revenue: result.totals.map((t) => t.revenue),
    budget: result.totals.map((t) => t.budget),
    resources: result.resources.map((resource) => ({
      id: resource.id,
      name: resource.name,
      utilization: resource.rows.map((row) => row.utilization),
      load: resource.rows.map((row) => row.load),
    })),
  };
}
