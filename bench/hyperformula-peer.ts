/**
 * The spreadsheet peer: the same plan and the same math (domain.md 4.1, 4.4, 4.5) as
 * HyperFormula formulas, so the engine's speed and memory can be compared with a
 * general-purpose formula engine doing identical work.
 *
 * Layout, one sheet, periods in columns B.. (column A holds per-family constants):
 * - per family a block of 10 rows: demand (A: price), supply (A: unitCost), budget,
 *   projected inventory (A: opening inventory), on hand (A: =MAX(0, opening)), shipments,
 *   revenue, cost, margin, budget gap;
 * - after all families, per resource a block of 4 rows: capacity, load (an explicit sum
 *   over the families on the resource, hoursPerUnit as constants), utilization, overload.
 * Every formula of a row has the same relative shape, and there are no ranges: this is
 * the layout HyperFormula builds and recalculates fastest (toolchain.md).
 */
import { HyperFormula, type CellValue, type ConfigParams, type RawCellContent } from 'hyperformula';
import type { Plan } from '../shared/engine/index.ts';

/** The rows of a family block, by measure. */
export const FAMILY_ROW = {
  demand: 0,
  supply: 1,
  budget: 2,
  projectedInventory: 3,
  onHand: 4,
  shipments: 5,
  revenue: 6,
  cost: 7,
  margin: 8,
  budgetGap: 9,
} as const;

/** The rows of a resource block, by measure. */
export const RESOURCE_ROW = { capacity: 0, load: 1, utilization: 2, overload: 3 } as const;

/** A measure of a family-month the peer computes or holds. */
export type FamilyMeasure = keyof typeof FAMILY_ROW;

/** A measure of a resource-month the peer computes or holds. */
export type ResourceMeasure = keyof typeof RESOURCE_ROW;

/** An input edit the peer can apply; a subset of the engine's `CellChange`. */
export type PeerEdit =
  | { kind: 'demand' | 'supply' | 'budget'; family: string; period: string; value: number }
  | { kind: 'capacity'; resource: string; period: string; value: number }
  | { kind: 'price' | 'unitCost' | 'openingInventory'; family: string; value: number };

const FAMILY_BLOCK = 10;
const RESOURCE_BLOCK = 4;
const SHEET = 'Plan';

/**
 * HyperFormula's fastest settings for this workload: no undo history (the engine keeps
 * none either), no statistics. Rounding settings stay at their defaults.
 */
export const PEER_CONFIG: Partial<ConfigParams> = {
  licenseKey: 'gpl-v3',
  undoLimit: 0,
  useStats: false,
  maxRows: 1_000_000,
};

/** Where each family, resource and period of a plan sits on the peer's sheet. */
export class PeerLayout {
  readonly periodCount: number;
  readonly #families: Map<string, number>;
  readonly #resources: Map<string, number>;
  readonly #periods: Map<string, number>;
  readonly #resourceStart: number;

  constructor(plan: Plan) {
    this.periodCount = plan.periods.length;
    this.#families = new Map(plan.families.map((family, index) => [family.id, index]));
    this.#resources = new Map(plan.resources.map((resource, index) => [resource.id, index]));
    this.#periods = new Map(plan.periods.map((period, index) => [period, index]));
    this.#resourceStart = plan.families.length * FAMILY_BLOCK;
  }

  /** The 0-based row of a family's measure. */
  familyRow(family: number, measure: FamilyMeasure): number {
    return family * FAMILY_BLOCK + FAMILY_ROW[measure];
  }

  /** The 0-based row of a resource's measure. */
  resourceRow(resource: number, measure: ResourceMeasure): number {
    return this.#resourceStart + resource * RESOURCE_BLOCK + RESOURCE_ROW[measure];
  }

  /** The 0-based column of a period index (column A holds constants). */
  periodColumn(period: number): number {
    return period + 1;
  }

  familyIndex(id: string): number {
    return lookup(this.#families, id, 'family');
  }

  resourceIndex(id: string): number {
    return lookup(this.#resources, id, 'resource');
  }

  periodIndex(period: string): number {
    return lookup(this.#periods, period, 'period');
  }
}

/** A plan as a HyperFormula model, with its layout. */
export interface HyperFormulaPeer {
  hf: HyperFormula;
  layout: PeerLayout;
  sheet: number;
}

/** The sheet of formulas and inputs for a plan (missing cells are written as 0). */
export function planToSheet(plan: Plan): RawCellContent[][] {
  const periods = plan.periods;
  const count = periods.length;
  const rows: RawCellContent[][] = [];
  for (const family of plan.families) {
    const first = rows.length + 1; // 1-based row of the block's demand row
    const at = (measure: FamilyMeasure) => first + FAMILY_ROW[measure];
    const demand = plan.demand[family.id] ?? {};
    const supply = plan.supply[family.id] ?? {};
    const budget = plan.budget[family.id] ?? {};
    const block: RawCellContent[][] = [
      [family.price, ...periods.map((p) => demand[p] ?? 0)],
      [family.unitCost, ...periods.map((p) => supply[p] ?? 0)],
      // A month without a budget is a blank cell: no budget, not a budget of 0.
      [null, ...periods.map((p) => budget[p] ?? null)],
      [family.openingInventory],
      [`=MAX(0,A${at('projectedInventory')})`],
      [null],
      [null],
      [null],
      [null],
      [null],
    ];
    for (let t = 0; t < count; t++) {
      const col = columnName(t + 1);
      const prev = columnName(t);
      const cell = (measure: FamilyMeasure) => `${col}${at(measure)}`;
      block[3].push(`=${prev}${at('projectedInventory')}+${cell('supply')}-${cell('demand')}`);
      block[4].push(`=MAX(0,${cell('projectedInventory')})`);
      block[5].push(`=${prev}${at('onHand')}+${cell('supply')}-${cell('onHand')}`);
      block[6].push(`=${cell('shipments')}*$A${at('demand')}`);
      block[7].push(`=${cell('shipments')}*$A${at('supply')}`);
      block[8].push(`=${cell('revenue')}-${cell('cost')}`);
      block[9].push(`=IF(ISBLANK(${cell('budget')}),"",${cell('revenue')}-${cell('budget')})`);
    }
    rows.push(...block);
  }

  const familyIndex = new Map(plan.families.map((family, index) => [family.id, index]));
  for (const resource of plan.resources) {
    const first = rows.length + 1;
    // The families on the resource in the plan's `loads` order: the engine sums in that order.
    const terms = plan.loads
      .filter((load) => load.resource === resource.id)
      .map((load) => ({
        supplyRow: familyIndex.get(load.family)! * FAMILY_BLOCK + FAMILY_ROW.supply + 1,
        hoursPerUnit: load.hoursPerUnit,
      }));
    const capacity = plan.capacity[resource.id] ?? {};
    const block: RawCellContent[][] = [
      [null, ...periods.map((p) => capacity[p] ?? 0)],
      [null],
      [null],
      [null],
    ];
    for (let t = 0; t < count; t++) {
      const col = columnName(t + 1);
      const load = terms.map((term) => `${col}${term.supplyRow}*${term.hoursPerUnit}`).join('+');
      const cap = `${col}${first + RESOURCE_ROW.capacity}`;
      const loadCell = `${col}${first + RESOURCE_ROW.load}`;
      block[1].push(`=${load === '' ? '0' : load}`);
      block[2].push(`=IF(${cap}=0,"",${loadCell}/${cap})`);
      block[3].push(`=MAX(0,${loadCell}-${cap})`);
    }
    rows.push(...block);
  }
  return rows;
}

/** Builds the HyperFormula model of a plan. */
export function buildPeer(
  plan: Plan,
  sheet: RawCellContent[][] = planToSheet(plan),
): HyperFormulaPeer {
  const hf = HyperFormula.buildFromSheets({ [SHEET]: sheet }, PEER_CONFIG);
  return { hf, layout: new PeerLayout(plan), sheet: hf.getSheetId(SHEET)! };
}

/** Applies one input edit; HyperFormula recalculates the dependent cells before returning. */
export function applyPeerEdit(peer: HyperFormulaPeer, edit: PeerEdit): void {
  const { hf, layout, sheet } = peer;
  let row: number;
  let col: number;
  switch (edit.kind) {
    case 'demand':
    case 'supply':
    case 'budget':
      row = layout.familyRow(layout.familyIndex(edit.family), edit.kind);
      col = layout.periodColumn(layout.periodIndex(edit.period));
      break;
    case 'capacity':
      row = layout.resourceRow(layout.resourceIndex(edit.resource), 'capacity');
      col = layout.periodColumn(layout.periodIndex(edit.period));
      break;
    case 'price':
      [row, col] = [layout.familyRow(layout.familyIndex(edit.family), 'demand'), 0];
      break;
    case 'unitCost':
      [row, col] = [layout.familyRow(layout.familyIndex(edit.family), 'supply'), 0];
      break;
    case 'openingInventory':
      [row, col] = [layout.familyRow(layout.familyIndex(edit.family), 'projectedInventory'), 0];
      break;
  }
  hf.setCellContents({ sheet, row, col }, edit.value);
}

/** The value of a family's measure in a period (index). */
export function familyValue(
  peer: HyperFormulaPeer,
  family: number,
  period: number,
  measure: FamilyMeasure,
): CellValue {
  const { hf, layout, sheet } = peer;
  return hf.getCellValue({
    sheet,
    row: layout.familyRow(family, measure),
    col: layout.periodColumn(period),
  });
}

/** The value of a resource's measure in a period (index). */
export function resourceValue(
  peer: HyperFormulaPeer,
  resource: number,
  period: number,
  measure: ResourceMeasure,
): CellValue {
  const { hf, layout, sheet } = peer;
  return hf.getCellValue({
    sheet,
    row: layout.resourceRow(resource, measure),
    col: layout.periodColumn(period),
  });
}

/** The A1 name of a 0-based column: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

function lookup(map: Map<string, number>, key: string, what: string): number {
  const index = map.get(key);
  if (index === undefined) throw new Error(`unknown ${what} "${key}"`);
  return index;
}
