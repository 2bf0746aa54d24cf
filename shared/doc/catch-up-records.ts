import type { Action, AgendaItem, Decision, Risk } from '../schema/records.ts';
import { readRecords, type WithId } from './reading.ts';
import type { CycleDoc } from './updates.ts';

/** The work records "Since you were here" speaks of, as the checked readers return them. */
export interface CatchUpRecords {
  decisions: WithId<Decision>[];
  actions: WithId<Action>[];
  risks: WithId<Risk>[];
  agenda: WithId<AgendaItem>[];
}

/**
 * Reads the decisions, actions, risks and agenda items of a cycle document for a catch-up
 * projection (`projectSeen` in shared/catchup). A record that fails its schema is left
 * out, as every view leaves it out.
 */
export function readCatchUpRecords(doc: CycleDoc): CatchUpRecords {
  return {
    decisions: readRecords(doc, 'decisions').records,
    actions: readRecords(doc, 'actions').records,
    risks: readRecords(doc, 'risks').records,
    agenda: readRecords(doc, 'agenda').records,
  };
}
