import type { CatchUpChange, CatchUpEntry, CatchUpKind } from '../../../../shared/catchup/index.ts';
import type { Tone } from '../../lib/work-kinds.ts';

/** One group of the list: the entries of one kind, under its heading. */
export interface CatchUpGroup {
  kind: CatchUpKind;
  heading: string;
  /** What the group holds, in a few words beside the heading. */
  hint: string;
  entries: CatchUpEntry[];
}

const GROUPS: { kind: CatchUpKind; heading: string; hint: string }[] = [
  { kind: 'decision', heading: 'Decisions', hint: 'made or changed' },
  { kind: 'action', heading: 'Actions', hint: 'assigned to you, yours that changed, new ones' },
  { kind: 'risk', heading: 'Risks & opportunities', hint: 'new or changed' },
  { kind: 'agenda', heading: 'Agenda items', hint: 'closed since, with their outcome' },
  {
    kind: 'plan',
    heading: 'Largest plan changes',
    hint: 'families by change in revenue over the horizon',
  },
];

/** The entries in their groups, in the list's order; empty groups are left out. */
export function groupEntries(entries: readonly CatchUpEntry[]): CatchUpGroup[] {
  return GROUPS.map((group) => ({
    ...group,
    entries: entries.filter((entry) => entry.kind === group.kind),
  })).filter((group) => group.entries.length > 0);
}

/** How a change reads on its chip: colour and text. */
export const CHANGE_CHIP: Record<CatchUpChange, { label: string; tone: Tone }> = {
  assigned: { label: 'Assigned to you', tone: 'warn' },
  new: { label: 'New', tone: 'info' },
  changed: { label: 'Changed', tone: 'neutral' },
  closed: { label: 'Closed', tone: 'good' },
  removed: { label: 'Removed', tone: 'bad' },
};
