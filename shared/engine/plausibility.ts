import type { GridName } from '../schema/grids.ts';
import type { Plan } from './types.ts';

/**
 * Whether a number typed or pasted into the plan is plausible: a plan refuses a number
 * no planner means (twenty nines typed for demand, a budget a thousand times the rest of
 * its row) before it reaches the document, with the reason in a planner's words.
 *
 * The rules, in order: a number must be finite and not negative; no number above
 * {@link MAX_PLAN_NUMBER}; and no cell more than {@link MAX_SCALE} times the largest
 * other non-zero cell of the same family (resource, for capacity) and grid over the
 * horizon. Zero and an empty cell are always plausible; a row with no other non-zero
 * cell has only the upper bound.
 */

/** The largest number a plan takes, in any cell or setup field: 10^12. */
export const MAX_PLAN_NUMBER = 1_000_000_000_000;

/** A cell may be at most this many times the largest other non-zero cell of its row. */
export const MAX_SCALE = 1000;

/** What is wrong with a number, for a page that words it its own way. */
export type ImplausibleReason = 'notFinite' | 'negative' | 'tooLarge' | 'outOfScale';

/** A number is plausible, or it is refused with the reason and a sentence saying why. */
export type Plausibility = { ok: true } | { ok: false; reason: ImplausibleReason; message: string };

/** A proposed cell value and the row it goes into. */
export interface CellProposal {
  /** The grid of the cell. */
  grid: GridName;
  /** The family's (the resource's, for capacity) name as planners read it: `Kettles`. */
  name: string;
  /** The current values of the same row over the horizon, the cell itself left out. */
  others: readonly number[];
  /** The proposed value; null clears the cell. */
  value: number | null;
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const MINUS = '\u2212';

/** A number as the messages show it: `1,200`, `12.5`, `−3`. */
export function planNumberText(value: number): string {
  return NUMBER.format(value).replace('-', MINUS);
}

const CAPITAL: Readonly<Record<GridName, string>> = {
  demand: 'Demand',
  supply: 'Supply',
  budget: 'Budget',
  capacity: 'Capacity',
};

/**
 * The rules every plan number follows, cell or setup field: finite, not negative, at
 * most {@link MAX_PLAN_NUMBER}. `what` names it at the start of a sentence: `Price`.
 */
export function checkPlanNumber(value: number | null, what: string): Plausibility {
  if (value === null || value === 0) return { ok: true };
  if (!Number.isFinite(value)) {
    return { ok: false, reason: 'notFinite', message: `${what} must be a finite number.` };
  }
  if (value < 0) {
    return {
      ok: false,
      reason: 'negative',
      message: `${what} cannot be negative: ${planNumberText(value)}.`,
    };
  }
  if (value > MAX_PLAN_NUMBER) {
    return {
      ok: false,
      reason: 'tooLarge',
      message: `${planNumberText(value)} is above the largest number a plan takes, ${planNumberText(MAX_PLAN_NUMBER)}.`,
    };
  }
  return { ok: true };
}

/**
 * Whether a proposed cell value is plausible (see the rules above): `12,000,000 is more
 * than 1,000 times the largest other Kettles demand (1,200): check the number.`
 */
export function checkCell(proposal: CellProposal): Plausibility {
  const { grid, name, others, value } = proposal;
  const basic = checkPlanNumber(value, CAPITAL[grid]);
  if (!basic.ok || value === null || value === 0) return basic;
  let largest = 0;
  for (const other of others) if (other > largest) largest = other;
  if (largest > 0 && value > MAX_SCALE * largest) {
    return {
      ok: false,
      reason: 'outOfScale',
      message: `${planNumberText(value)} is more than ${planNumberText(MAX_SCALE)} times the largest other ${name} ${grid} (${planNumberText(largest)}): check the number.`,
    };
  }
  return { ok: true };
}

/** One cell to write: a number, or null to clear it. */
export interface ProposedCell {
  grid: GridName;
  /** The family's id (the resource's, for capacity). */
  id: string;
  month: string;
  value: number | null;
}

/** A proposed cell the rules refused, with the sentence saying why. */
export interface RefusedCell<T extends ProposedCell> {
  write: T;
  message: string;
}

/** The part of a plan the rules read: its horizon, names and input grids. */
export type PlausibilityPlan = Pick<
  Plan,
  'periods' | 'families' | 'resources' | 'demand' | 'supply' | 'capacity' | 'budget'
>;

/**
 * Sorts cells about to be written (one typed cell, or a pasted block) into those the
 * rules accept and those they refuse. Each cell is checked against its row as it will
 * read once the accepted cells are written, itself left out: a block that fills an empty
 * row is checked against its own other cells, and a refused cell keeps its old value, so
 * it is checked again without it until nothing more is refused (a few rounds at most:
 * each round's refusals are 1,000 times apart). Cells outside the horizon have the upper
 * bound only (the document says where a cell may go).
 */
export function screenCells<T extends ProposedCell>(
  plan: PlausibilityPlan,
  writes: readonly T[],
): { accepted: T[]; refused: RefusedCell<T>[] } {
  const horizon = new Set<string>(plan.periods);
  const rowKey = (grid: string, id: string) => `${grid}|${id}`;
  const current = (write: ProposedCell): number | undefined =>
    plan[write.grid][write.id]?.[write.month];
  const rows = new Map<string, Map<string, number>>();
  for (const write of writes) {
    const key = rowKey(write.grid, write.id);
    if (rows.has(key)) continue;
    const cells = plan[write.grid][write.id] ?? {};
    const row = new Map<string, number>();
    for (const month of plan.periods) {
      const value = cells[month];
      if (value !== undefined) row.set(month, value);
    }
    rows.set(key, row);
  }
  const setCell = (write: ProposedCell, value: number | null | undefined) => {
    if (!horizon.has(write.month)) return;
    const row = rows.get(rowKey(write.grid, write.id))!;
    if (value === null || value === undefined) row.delete(write.month);
    else row.set(write.month, value);
  };
  for (const write of writes) setCell(write, write.value);
  // Only the written rows' names: a one-cell edit must not walk every family's name.
  const written = new Set(writes.map((write) => write.id));
  const names = new Map<string, string>();
  for (const family of plan.families) {
    if (written.has(family.id)) names.set(rowKey('family', family.id), family.name);
  }
  for (const resource of plan.resources) {
    if (written.has(resource.id)) names.set(rowKey('resource', resource.id), resource.name);
  }

  const messages: (string | null)[] = writes.map(() => null);
  for (let changed = true; changed;) {
    changed = false;
    const tops = new Map([...rows].map(([key, row]) => [key, topTwo(row)]));
    const refusedNow: ProposedCell[] = [];
    writes.forEach((write, index) => {
      if (messages[index] !== null) return;
      const top = tops.get(rowKey(write.grid, write.id))!;
      const largestOther = !horizon.has(write.month)
        ? 0
        : top.month === write.month
          ? top.second
          : top.first;
      const kind = write.grid === 'capacity' ? 'resource' : 'family';
      const verdict = checkCell({
        grid: write.grid,
        name: names.get(rowKey(kind, write.id)) ?? write.id,
        others: [largestOther],
        value: write.value,
      });
      if (verdict.ok) return;
      messages[index] = verdict.message;
      refusedNow.push(write);
      changed = true;
    });
    // A refused cell keeps the value it had.
    for (const write of refusedNow) setCell(write, current(write));
  }
  const accepted: T[] = [];
  const refused: RefusedCell<T>[] = [];
  writes.forEach((write, index) => {
    const message = messages[index];
    if (message === null) accepted.push(write);
    else refused.push({ write, message });
  });
  return { accepted, refused };
}

/** A row's largest positive cell (its month) and the next largest. */
function topTwo(row: ReadonlyMap<string, number>): {
  month: string;
  first: number;
  second: number;
} {
  const top = { month: '', first: 0, second: 0 };
  for (const [month, value] of row) {
    if (!Number.isFinite(value) || value <= 0) continue;
    if (value > top.first) {
      top.second = top.first;
      top.first = value;
      top.month = month;
    } else if (value > top.second) {
      top.second = value;
    }
  }
  return top;
}
