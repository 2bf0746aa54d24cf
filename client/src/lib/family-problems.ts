import type { FamilyResult, FamilyRow } from '../../../shared/engine/index.ts';
import { DEFAULT_SETTINGS } from '../../../shared/engine/settings.ts';

/**
 * A month below budget by more than the tolerance (domain.md 4.6): what a below-budget
 * gap is made of. A month without a budget is never below it.
 */
export function isBelowBudget(
  row: FamilyRow,
  tolerance: number = DEFAULT_SETTINGS.budgetTolerance,
): boolean {
  return row.budget !== null && row.revenue < row.budget * (1 - tolerance);
}

/** A family's problems over the horizon: months short, below safety stock, overstocked, below budget. */
export interface FamilyProblems {
  shortage: number;
  belowSafetyStock: number;
  overstock: number;
  belowBudget: number;
}

/** Counts a family's months with each problem. */
export function familyProblems(
  family: FamilyResult,
  tolerance: number = DEFAULT_SETTINGS.budgetTolerance,
): FamilyProblems {
  const problems: FamilyProblems = {
    shortage: 0,
    belowSafetyStock: 0,
    overstock: 0,
    belowBudget: 0,
  };
  for (const row of family.rows) {
    if (row.status !== 'ok') problems[row.status] += 1;
    if (isBelowBudget(row, tolerance)) problems.belowBudget += 1;
  }
  return problems;
}

/** True when a family has any month that is not OK or below budget. */
export function hasProblems(
  family: FamilyResult,
  tolerance: number = DEFAULT_SETTINGS.budgetTolerance,
): boolean {
  for (const row of family.rows) {
    if (row.status !== 'ok' || isBelowBudget(row, tolerance)) return true;
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
