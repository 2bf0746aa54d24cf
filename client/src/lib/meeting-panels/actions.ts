import type { WithId } from '../../../../shared/doc/index.ts';
import { monthOrdinal, type Month } from '../../../../shared/engine/index.ts';
import type { Action } from '../../../../shared/schema/records.ts';

/** An open action with whether it is overdue and how many cycles it has been carried. */
export interface OpenAction extends WithId<Action> {
  isOverdue: boolean;
  /** Cycles since it was raised (0: raised this cycle). */
  carried: number;
}

/** Open actions, overdue first, then by due date. `today` is `YYYY-MM-DD`. */
export function openActions(actions: WithId<Action>[], today: string, cycle: Month): OpenAction[] {
  return actions
    .filter((action) => action.status === 'open')
    .map((action) => ({
      ...action,
      isOverdue: action.due < today,
      carried: Math.max(0, monthOrdinal(cycle) - monthOrdinal(action.raisedIn)),
    }))
    .sort(
      (a, b) =>
        Number(b.isOverdue) - Number(a.isOverdue) ||
        a.due.localeCompare(b.due) ||
        a.title.localeCompare(b.title),
    );
}
