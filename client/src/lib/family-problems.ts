import type { FamilyResult } from '../../../shared/engine/index.ts';

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
