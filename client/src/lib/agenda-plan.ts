import type { WithId } from '../../../shared/doc/index.ts';
import type { AgendaItem, Outcome } from '../../../shared/schema/records.ts';
import { panelFor, type PanelKind } from './meeting-panels/panels.ts';

/**
 * The executive agenda as the meeting view reads it: items in order with their state,
 * the next open item, and where a moved item lands. Plain functions of the agenda
 * records and the meeting state.
 */

/** Where an item stands in the meeting. */
export type AgendaState = 'closed' | 'current' | 'upcoming';

/** An agenda item with its place in the meeting. */
export interface AgendaEntry {
  id: string;
  title: string;
  timeBoxMinutes: number;
  order: number;
  outcome: Outcome | undefined;
  /** 1-based position in the agenda. */
  position: number;
  state: AgendaState;
  /** The meeting's current item (also when it has just been closed). */
  isCurrent: boolean;
  /** The live data it shows; null for an added item (notes only). */
  panel: PanelKind | null;
}

/** The agenda in order, each item with its state (a closed item stays closed when current). */
export function agendaEntries(
  records: WithId<AgendaItem>[],
  currentItem: string | null,
  standardTitles: readonly string[],
): AgendaEntry[] {
  return records.map((record, index) => ({
    id: record.id,
    title: record.title,
    timeBoxMinutes: record.timeBoxMinutes,
    order: record.order,
    outcome: record.outcome,
    position: index + 1,
    state: record.outcome ? 'closed' : record.id === currentItem ? 'current' : 'upcoming',
    isCurrent: record.id === currentItem,
    panel: panelFor(record, standardTitles),
  }));
}

/**
 * The item "Next item" moves to: the first open item after the current one, else the
 * first open item before it (one skipped earlier); null when every other item is closed.
 */
export function nextOpenItem(entries: AgendaEntry[], currentId: string | null): AgendaEntry | null {
  const at = entries.findIndex((entry) => entry.id === currentId);
  const open = (entry: AgendaEntry) => !entry.outcome && entry.id !== currentId;
  return entries.slice(at + 1).find(open) ?? entries.slice(0, Math.max(0, at)).find(open) ?? null;
}

/** The first open item, where a meeting starts; null when all are closed. */
export function firstOpenItem(entries: AgendaEntry[]): AgendaEntry | null {
  return entries.find((entry) => !entry.outcome) ?? null;
}

/**
 * The `order` that moves an item one place up (-1) or down (+1): between its new
 * neighbours, so one field of one item is written and concurrent moves of other items
 * merge. Null when the item is already first (up) or last (down).
 */
export function movedOrder(entries: AgendaEntry[], id: string, direction: -1 | 1): number | null {
  const index = entries.findIndex((entry) => entry.id === id);
  if (index < 0) return null;
  const target = index + direction;
  if (target < 0 || target >= entries.length) return null;
  // Up: between the items at target-1 and target; down: between target and target+1.
  const [before, after] =
    direction < 0
      ? [entries[target - 1]?.order, entries[target].order]
      : [entries[target].order, entries[target + 1]?.order];
  if (before === undefined) return (after as number) - 1;
  if (after === undefined) return before + 1;
  // Neighbours with equal orders (added at once by two people) leave no room between.
  return after > before ? (before + after) / 2 : direction < 0 ? after - 0.5 : before + 0.5;
}

/** Minutes of all items' time boxes. */
export function plannedMinutes(entries: AgendaEntry[]): number {
  return entries.reduce((sum, entry) => sum + entry.timeBoxMinutes, 0);
}

/** How an outcome's kind reads on the page. */
export const OUTCOME_LABEL: Record<Outcome['kind'], string> = {
  decision: 'Decision',
  action: 'Action',
  noted: 'Noted',
};

/** An item's state in words: `Current`, `Closed: Decision`, `Upcoming`. */
export function stateLabel(entry: AgendaEntry): string {
  if (entry.outcome) return `Closed: ${OUTCOME_LABEL[entry.outcome.kind]}`;
  return entry.state === 'current' ? 'Current' : 'Upcoming';
}
