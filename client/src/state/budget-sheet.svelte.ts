import {
  clearCell,
  setCell,
  setCellBlock,
  type BlockCellWrite,
} from '../../../shared/doc/index.ts';
import { checkCell, checkPlanNumber, screenCells } from '../../../shared/engine/plausibility.ts';
import type { Plan } from '../../../shared/engine/types.ts';
import type { Formatters } from '../lib/format.ts';
import type { CycleSession } from './cycle-session.svelte.ts';
import type { SheetModel } from './plan-grid.svelte.ts';

/** The budget rows of each family, in grid order: revenue budget, then margin budget. */
export const BUDGET_ROWS = [
  { id: 'budget', label: 'Revenue budget' },
  { id: 'marginBudget', label: 'Margin budget' },
] as const;

/** A budget row's grid. */
export type BudgetGrid = (typeof BUDGET_ROWS)[number]['id'];

/** A family's budget in a month; null when it has none (no budget, not a budget of 0). */
export function budgetOf(plan: Plan, grid: BudgetGrid, id: string, month: string): number | null {
  return (grid === 'budget' ? plan.budget : plan.marginBudget)?.[id]?.[month] ?? null;
}

/**
 * Whether a number may go into a budget cell, in words; null when it may. The revenue
 * budget follows the plan grid's rules; the margin budget the same: not negative, at
 * most 10^12, and not more than 1,000 times the largest other margin budget of the family.
 */
export function budgetProblem(
  plan: Plan,
  grid: BudgetGrid,
  id: string,
  month: string,
  value: number | null,
): string | null {
  if (grid === 'budget') {
    return screenCells(plan, [{ grid, id, month, value }]).refused[0]?.message ?? null;
  }
  const basic = checkPlanNumber(value, 'Margin budget');
  if (!basic.ok) return basic.message;
  const others = Object.entries(plan.marginBudget?.[id] ?? {})
    .filter(([other]) => other !== month)
    .map(([, cell]) => cell);
  const name = plan.families.find((family) => family.id === id)?.name ?? id;
  const verdict = checkCell({ grid: 'budget', name: `${name} margin`, others, value });
  return verdict.ok ? null : verdict.message;
}

/**
 * The budgets as a sheet: per family its revenue budget and margin budget rows × the
 * horizon's months; an empty cell is no budget. Typed, cleared and pasted through the
 * cell commands (a block is one undo step, across both rows and families).
 */
export function budgetSheetModel(options: {
  session: () => CycleSession;
  familyIds: () => readonly string[];
  format: () => Formatters;
}): SheetModel {
  const session = () => options.session();
  const periods = () => session().live.plan?.periods ?? [];
  return {
    groups: options.familyIds,
    rowsPerGroup: () => BUDGET_ROWS.length,
    columns: () => periods().length,
    cell(at) {
      const plan = session().live.plan;
      const row = BUDGET_ROWS[at.row];
      const month = periods()[at.col];
      if (!plan || !row || !month) return null;
      return {
        measure: row.label,
        editable: !session().isReadOnly,
        value: budgetOf(plan, row.id, at.group, month),
      };
    },
    write(at, value) {
      const plan = session().live.plan;
      const row = BUDGET_ROWS[at.row];
      const month = periods()[at.col];
      if (!plan || !row || !month) return 'There is no such cell.';
      const problem = budgetProblem(plan, row.id, at.group, month, value);
      if (problem) return problem;
      const result = session().act((doc) =>
        value === null
          ? clearCell(doc, row.id, at.group, month)
          : setCell(doc, row.id, at.group, month, value),
      );
      return result.ok ? null : result.error;
    },
    writeBlock(at, block) {
      const plan = session().live.plan;
      const months = periods();
      const ids = options.familyIds();
      if (!plan) return 'Nothing was pasted: the plan is not ready.';
      const width = block[0]?.length ?? 0;
      if (at.col + width > months.length) {
        const left = months.length - at.col;
        return `The block is ${width} months wide, but only ${left} ${left === 1 ? 'month is' : 'months are'} left from ${options.format().month(months[at.col])}. Nothing was pasted.`;
      }
      const start = ids.indexOf(at.group) * BUDGET_ROWS.length + at.row;
      const total = ids.length * BUDGET_ROWS.length;
      if (start + block.length > total) {
        return `The block has ${block.length} rows, but only ${total - start} rows are left below. Nothing was pasted.`;
      }
      const writes: BlockCellWrite[] = [];
      for (let i = 0; i < block.length; i++) {
        const flat = start + i;
        const id = ids[Math.floor(flat / BUDGET_ROWS.length)];
        const row = BUDGET_ROWS[flat % BUDGET_ROWS.length];
        for (let j = 0; j < width; j++) {
          const month = months[at.col + j];
          const value = block[i][j];
          const problem = budgetProblem(plan, row.id, id, month, value);
          if (problem) {
            const name = plan.families.find((family) => family.id === id)?.name ?? id;
            return `${row.label} of ${name}, ${options.format().month(month)}: ${problem} Nothing was pasted.`;
          }
          writes.push({ grid: row.id, id, month, value });
        }
      }
      const result = session().act((doc) => setCellBlock(doc, writes));
      return result.ok ? null : result.error;
    },
    focus(at) {
      const row = at ? BUDGET_ROWS[at.row] : undefined;
      const month = at ? periods()[at.col] : undefined;
      session().setFocus(
        at && row?.id === 'budget' && month ? { grid: 'budget', id: at.group, month } : null,
      );
    },
    undo: () => session().undo(),
    redo: () => session().redo(),
  };
}
