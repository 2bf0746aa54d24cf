import { tick } from 'svelte';
import {
  clearCell,
  removeLoad,
  setCell,
  setCellBlock,
  setLoad,
  updateFamily,
  type CellWrite,
} from '../../../shared/doc/index.ts';
import type { FamilyResult, Plan } from '../../../shared/engine/index.ts';
import { isAdjusted } from '../../../shared/engine/demand-streams.ts';
import {
  checkPlanNumber,
  screenCells,
  type ProposedCell,
} from '../../../shared/engine/plausibility.ts';
import type { Formatters } from '../lib/format.ts';
import type { Block } from '../lib/paste.ts';
import { forecastLagProblem } from '../lib/forecast-lag.ts';
import {
  familyCell,
  resourceCell,
  RESOURCE_MEASURES,
  type FamilyMeasure,
} from '../lib/plan-cells.ts';
import type { ActResult, CycleSession } from './cycle-session.svelte.ts';
import type { SheetAddress, SheetCellInfo, SheetModel } from './plan-grid.svelte.ts';

/**
 * Runs a write, measuring how long the document and the engine take
 * (`fulcrum:plan-edit-written`) and until the page shows the results
 * (`fulcrum:plan-edit-rendered`).
 */
function measured(write: () => ActResult<unknown>): string | null {
  performance.mark('fulcrum:plan-edit');
  const result = write();
  performance.measure('fulcrum:plan-edit-written', 'fulcrum:plan-edit');
  void tick().then(() => performance.measure('fulcrum:plan-edit-rendered', 'fulcrum:plan-edit'));
  return result.ok ? null : result.error;
}

/** Why a pasted block leaves a demand cell a function adjusted as it is. */
const STREAMS_HELD =
  'it is the consensus of its streams: change it in a stream, with a reason, in its breakdown (Alt+Enter).';

/** The most refused cells a paste's message names; the rest are counted. */
const NAMED_REFUSALS = 3;

/**
 * Writes the cells of a block the plausibility rules accept, in one step, and says which
 * were refused: how many, and the first few by name (`Demand of Kettles, Mar 2027`) with
 * the reason. A block with no plausible cell writes nothing.
 */
function writePlausible(
  session: CycleSession,
  writes: CellWrite[],
  nameOf: (write: CellWrite) => string,
): string | null {
  const plan = session.live.plan;
  const screened = plan ? screenCells(plan, writes) : { accepted: writes, refused: [] };
  // A demand cell a function adjusted shows a consensus: a block leaves it as it is.
  const held = (write: CellWrite) =>
    plan !== null && write.grid === 'demand' && isAdjusted(plan, write.id, write.month);
  const accepted = screened.accepted.filter((write) => !held(write));
  const streams = screened.accepted.filter(held);
  const refused = [
    ...streams.map((write) => ({ write, message: STREAMS_HELD })),
    ...screened.refused,
  ];
  const error =
    accepted.length > 0 ? measured(() => session.act((doc) => setCellBlock(doc, accepted))) : null;
  if (error || refused.length === 0) return error;
  const named = refused
    .slice(0, NAMED_REFUSALS)
    .map(({ write, message }) => `${nameOf(write)}: ${message}`)
    .join(' ');
  const more =
    refused.length > NAMED_REFUSALS ? ` And ${refused.length - NAMED_REFUSALS} more.` : '';
  const count = `${refused.length} ${refused.length === 1 ? 'cell was' : 'cells were'} not pasted`;
  const head =
    accepted.length === 0
      ? streams.length > 0
        ? 'Nothing was pasted.'
        : `Nothing was pasted: ${refused.length === 1 ? 'the cell is' : `all ${refused.length} cells are`} implausible.`
      : `${accepted.length} of ${writes.length} cells were pasted; ${count}.`;
  return `${head} ${named}${more}`;
}

/** A typed value the plausibility rules refuse, in words; null when it may be written. */
function implausible(session: CycleSession, write: ProposedCell): string | null {
  const plan = session.live.plan;
  if (!plan || write.value === null) return null;
  return screenCells(plan, [write]).refused[0]?.message ?? null;
}

function monthsLeftText(width: number, left: number, from: string): string {
  return `The block is ${width} months wide, but only ${left} ${left === 1 ? 'month is' : 'months are'} left from ${from}. Nothing was pasted.`;
}

/**
 * The family plan as a sheet: families x their measure rows x months. Writes go through
 * the cycle's named commands: setCell, clearCell, and setCellBlock for a pasted block
 * (one undo step, across demand, supply and budget rows and across families).
 */
export function familySheetModel(options: {
  session: () => CycleSession;
  format: () => Formatters;
  familyIds: () => readonly string[];
  measures: () => FamilyMeasure[];
}): SheetModel {
  const session = () => options.session();
  const periods = () => session().live.result?.periods ?? [];
  const familyOf = (id: string): FamilyResult | undefined =>
    session().live.result?.families.find((family) => family.id === id);

  function cell(at: SheetAddress): SheetCellInfo | null {
    const family = familyOf(at.group);
    const measure = options.measures()[at.row];
    const row = family?.rows[at.col];
    if (!family || !measure || !row) return null;
    const view = familyCell(measure.id, row, options.format());
    const info: SheetCellInfo = {
      measure: measure.label,
      editable: measure.grid !== undefined && !session().isReadOnly,
      value: view.value,
      text: view.text,
    };
    if (measure.id !== 'demand') return info;
    const plan = session().live.plan;
    const adjusted = plan !== null && isAdjusted(plan, family.id, row.period);
    return adjusted
      ? { ...info, detail: true, opensDetail: consensusSentence(family.name, row.period) }
      : { ...info, detail: true };
  }

  /** Why a demand cell a function adjusted is not typed into. */
  function consensusSentence(name: string, month: string): string {
    return `Demand of ${name}, ${options.format().month(month)} is the consensus of its streams: change it in a stream, with a reason, in its breakdown (Alt+Enter).`;
  }

  function writeBlock(at: SheetAddress, block: Block): string | null {
    const measures = options.measures();
    const ids = options.familyIds();
    const months = periods();
    const start = ids.indexOf(at.group) * measures.length + at.row;
    const total = ids.length * measures.length;
    const width = block[0]?.length ?? 0;
    if (at.col + width > months.length) {
      return monthsLeftText(width, months.length - at.col, options.format().month(months[at.col]));
    }
    if (start + block.length > total) {
      return `The block has ${block.length} rows, but only ${total - start} rows are left below. Nothing was pasted.`;
    }
    const writes: CellWrite[] = [];
    for (let i = 0; i < block.length; i++) {
      const flat = start + i;
      const id = ids[Math.floor(flat / measures.length)];
      const measure = measures[flat % measures.length];
      if (!measure.grid) {
        const name = familyOf(id)?.name ?? id;
        return `Row ${i + 1} of the block would land on ${measure.label} of ${name}, which the plan computes: paste onto Demand, Supply or Budget rows. Nothing was pasted.`;
      }
      for (let j = 0; j < width; j++) {
        writes.push({
          grid: measure.grid as CellWrite['grid'],
          id,
          month: months[at.col + j],
          value: block[i][j],
        });
      }
    }
    const format = options.format();
    return writePlausible(
      session(),
      writes,
      (write) =>
        `${measures.find((m) => m.grid === write.grid)?.label ?? write.grid} of ${familyOf(write.id)?.name ?? write.id}, ${format.month(write.month)}`,
    );
  }

  return {
    groups: options.familyIds,
    rowsPerGroup: () => options.measures().length,
    columns: () => periods().length,
    cell,
    write(at, value) {
      const grid = options.measures()[at.row]?.grid;
      const month = periods()[at.col];
      if (!grid || !month) return 'This cell is computed by the plan.';
      const refused = implausible(session(), { grid, id: at.group, month, value });
      if (refused) return refused;
      return measured(() =>
        session().act((doc) =>
          value === null
            ? clearCell(doc, grid, at.group, month)
            : setCell(doc, grid, at.group, month, value),
        ),
      );
    },
    writeBlock,
    focus(at) {
      const grid = at ? options.measures()[at.row]?.grid : undefined;
      const month = at ? periods()[at.col] : undefined;
      session().setFocus(at && grid && month ? { grid, id: at.group, month } : null);
    },
    undo: () => session().undo(),
    redo: () => session().redo(),
  };
}

/**
 * Key resources as a sheet: each resource's Capacity (typed), Load and Utilization
 * (derived) rows x months. A pasted block's rows fill the capacity of one resource
 * after another, in one step.
 */
export function resourceSheetModel(options: {
  session: () => CycleSession;
  format: () => Formatters;
}): SheetModel {
  const session = () => options.session();
  const periods = () => session().live.result?.periods ?? [];
  const resources = () => session().live.result?.resources ?? [];
  const ids = () => resources().map((resource) => resource.id);

  return {
    groups: ids,
    rowsPerGroup: () => RESOURCE_MEASURES.length,
    columns: () => periods().length,
    cell(at) {
      const resource = resources().find((r) => r.id === at.group);
      const measure = RESOURCE_MEASURES[at.row];
      const row = resource?.rows[at.col];
      if (!resource || !measure || !row) return null;
      const view = resourceCell(measure.id, row, options.format());
      return {
        measure: measure.label,
        editable: measure.id === 'capacity' && !session().isReadOnly,
        value: view.value,
        text: view.text,
      };
    },
    write(at, value) {
      const month = periods()[at.col];
      if (RESOURCE_MEASURES[at.row]?.id !== 'capacity' || !month) {
        return 'This cell is computed by the plan.';
      }
      const refused = implausible(session(), { grid: 'capacity', id: at.group, month, value });
      if (refused) return refused;
      return measured(() =>
        session().act((doc) =>
          value === null
            ? clearCell(doc, 'capacity', at.group, month)
            : setCell(doc, 'capacity', at.group, month, value),
        ),
      );
    },
    writeBlock(at, block) {
      if (RESOURCE_MEASURES[at.row]?.id !== 'capacity') {
        return 'Paste capacity onto a Capacity row: load and utilization are computed by the plan. Nothing was pasted.';
      }
      const all = ids();
      const months = periods();
      const first = all.indexOf(at.group);
      const width = block[0]?.length ?? 0;
      if (at.col + width > months.length) {
        return monthsLeftText(
          width,
          months.length - at.col,
          options.format().month(months[at.col]),
        );
      }
      if (first + block.length > all.length) {
        const left = all.length - first;
        return `The block has ${block.length} rows, one per resource, but only ${left} ${left === 1 ? 'resource is' : 'resources are'} left from here. Nothing was pasted.`;
      }
      const writes: CellWrite[] = block.flatMap((values, i) =>
        values.map((value, j) => ({
          grid: 'capacity' as const,
          id: all[first + i],
          month: months[at.col + j],
          value,
        })),
      );
      const format = options.format();
      return writePlausible(
        session(),
        writes,
        (write) =>
          `Capacity of ${resources().find((r) => r.id === write.id)?.name ?? write.id}, ${format.month(write.month)}`,
      );
    },
    focus(at) {
      const month = at ? periods()[at.col] : undefined;
      session().setFocus(
        at && month && at.row === 0 ? { grid: 'capacity', id: at.group, month } : null,
      );
    },
    undo: () => session().undo(),
    redo: () => session().redo(),
  };
}

/** The family setup fields, in column order, with the names people read. */
export const SETUP_FIELDS = [
  { id: 'price', label: 'Price', money: true, required: true },
  { id: 'unitCost', label: 'Unit cost', money: true, required: true },
  { id: 'openingInventory', label: 'Opening inventory', money: false, required: true },
  { id: 'safetyStock', label: 'Safety stock', money: false, required: false },
  { id: 'maxCover', label: 'Max cover', money: false, required: false },
  { id: 'minSupply', label: 'Minimum supply', money: false, required: false },
  { id: 'maxSupply', label: 'Maximum supply', money: false, required: false },
] as const;

/** A column of the family setup: a field of the family, or its load on one resource. */
export type SetupColumn =
  | { kind: 'field'; field: (typeof SETUP_FIELDS)[number] }
  | { kind: 'holdingRate' }
  | { kind: 'forecastLag' }
  | { kind: 'load'; resource: { id: string; name: string } };

/** The setup columns of a plan: the fields, then hours per unit on each resource. */
export function setupColumns(plan: Plan | null): SetupColumn[] {
  return [
    ...SETUP_FIELDS.map((field) => ({ kind: 'field' as const, field })),
    ...(plan?.resources ?? []).map((resource) => ({ kind: 'load' as const, resource })),
  ];
}

/**
 * The columns of the family setup sheet: the fields, the family's holding rate (the cost
 * of keeping a unit in stock a month, as a share of its unit cost), the lag its forecast
 * is judged at, then hours per unit on each resource.
 */
export function setupSheetColumns(plan: Plan | null): SetupColumn[] {
  const [fields, loads] = [setupColumns(plan), plan?.resources.length ?? 0];
  const at = fields.length - loads;
  // The constrained plan's bounds come after the rate and lag, just before the loads.
  const isBound = (column: SetupColumn) =>
    column.kind === 'field' && (column.field.id === 'minSupply' || column.field.id === 'maxSupply');
  const own = fields.slice(0, at);
  return [
    ...own.filter((column) => !isBound(column)),
    { kind: 'holdingRate' },
    { kind: 'forecastLag' },
    ...own.filter(isBound),
    ...fields.slice(at),
  ];
}

/** The accessible name of a setup column: `Price`, `Hours per unit on Paint shop 1`. */
export function setupColumnLabel(column: SetupColumn): string {
  if (column.kind === 'holdingRate') return 'Holding rate';
  if (column.kind === 'forecastLag') return 'Forecast lag';
  return column.kind === 'field' ? column.field.label : `Hours per unit on ${column.resource.name}`;
}

/** A holding rate as the setup sheet types it, in percent: 0.025 → 2.5. */
export function ratePercent(rate: number): number {
  return Number((rate * 100).toFixed(8));
}

/** A family's value in a setup column; null when it has none (no safety stock, no load). */
export function setupValue(plan: Plan, familyId: string, column: SetupColumn): number | null {
  if (column.kind !== 'load') {
    const family = plan.families.find((f) => f.id === familyId);
    const key = column.kind === 'field' ? column.field.id : column.kind;
    return family?.[key] ?? null;
  }
  const load = plan.loads.find((l) => l.family === familyId && l.resource === column.resource.id);
  return load ? load.hoursPerUnit : null;
}

/**
 * The family setup as a sheet: one row per family, its price, unit cost, opening
 * inventory, safety stock, max cover and holding rate (updateFamily; the rate typed in
 * percent, empty takes the plan's setting), its forecast lag (0 to 6; empty takes 1),
 * then hours per unit on each resource (setLoad; empty removes the load).
 */
export function setupSheetModel(options: {
  session: () => CycleSession;
  familyIds: () => readonly string[];
}): SheetModel {
  const session = () => options.session();
  const columns = () => setupSheetColumns(session().live.plan);
  return {
    groups: options.familyIds,
    rowsPerGroup: () => 1,
    columns: () => columns().length,
    cell(at) {
      const plan = session().live.plan;
      const column = columns()[at.col];
      if (!plan || !column) return null;
      const value = setupValue(plan, at.group, column);
      return {
        measure: setupColumnLabel(column),
        editable: !session().isReadOnly,
        value: column.kind === 'holdingRate' && value !== null ? ratePercent(value) : value,
      };
    },
    write(at, value) {
      const column = columns()[at.col];
      if (!column) return 'There is no such column.';
      const verdict = checkPlanNumber(value, setupColumnLabel(column));
      if (!verdict.ok) return verdict.message;
      if (column.kind === 'holdingRate') {
        if (value !== null && value > 100) {
          return "Holding rate must be from 0% to 100% of unit cost per month: leave it empty for the plan's setting.";
        }
        const rate = value === null ? undefined : Number((value / 100).toFixed(10));
        return measured(() =>
          session().act((doc) => updateFamily(doc, at.group, { holdingRate: rate })),
        );
      }
      if (column.kind === 'forecastLag') {
        const problem = forecastLagProblem(value);
        if (problem) return problem;
        return measured(() =>
          session().act((doc) => updateFamily(doc, at.group, { forecastLag: value ?? undefined })),
        );
      }
      if (column.kind === 'load') {
        const resource = column.resource.id;
        return measured(() =>
          session().act((doc) =>
            value === null
              ? removeLoad(doc, at.group, resource)
              : setLoad(doc, at.group, resource, value),
          ),
        );
      }
      const { id, label, required } = column.field;
      if (value === null && required) return `${label} is needed: type 0 if there is none.`;
      const bounds = supplyBoundsProblem(session().live.plan, at.group, id, value);
      if (bounds) return bounds;
      return measured(() =>
        session().act((doc) => updateFamily(doc, at.group, { [id]: value ?? undefined })),
      );
    },
    focus: () => session().setFocus(null),
    undo: () => session().undo(),
    redo: () => session().redo(),
  };
}

/**
 * Why a family's minimum or maximum supply (the least and most the constrained plan makes
 * of it in a month) is refused: the minimum may not be above the maximum. Null when fine.
 */
export function supplyBoundsProblem(
  plan: Plan | null,
  familyId: string,
  field: string,
  value: number | null,
): string | null {
  if (value === null || (field !== 'minSupply' && field !== 'maxSupply')) return null;
  const family = plan?.families.find((f) => f.id === familyId);
  const min = field === 'minSupply' ? value : family?.minSupply;
  const max = field === 'maxSupply' ? value : family?.maxSupply;
  if (min === undefined || max === undefined || min <= max) return null;
  return `Minimum supply (${min}) must not be above maximum supply (${max}) of ${family?.name ?? familyId}.`;
}
