import type { WithId } from '../../../../shared/doc/index.ts';
import type { Month } from '../../../../shared/engine/index.ts';
import type { Action, Risk } from '../../../../shared/schema/records.ts';
import { riskScore } from '../../../../shared/schema/risk-band.ts';

/** Risks raised in this cycle and actions closed (done or dropped): what moved this month. */
export function cycleChanges(
  risks: WithId<Risk>[],
  actions: WithId<Action>[],
  cycle: Month,
): { newRisks: WithId<Risk>[]; closedActions: WithId<Action>[] } {
  return {
    newRisks: risks
      .filter((risk) => risk.raisedIn === cycle)
      .sort((a, b) => riskScore(b) - riskScore(a) || a.title.localeCompare(b.title)),
    closedActions: actions
      .filter((action) => action.status !== 'open')
      .sort((a, b) => b.due.localeCompare(a.due) || a.title.localeCompare(b.title)),
  };
}
