/** What an entry of "Since you were here" is about. */
export type CatchUpKind = 'decision' | 'action' | 'risk' | 'agenda' | 'plan';

/**
 * How it changed: `assigned` (an action that is now mine), `new`, `changed`, `closed`
 * (an action done or dropped, a risk closed, an agenda item closed with its outcome),
 * `removed` (a family no longer in the plan).
 */
export type CatchUpChange = 'assigned' | 'new' | 'changed' | 'closed' | 'removed';

/** The view an entry links to. */
export type CatchUpView = 'decisions' | 'actions' | 'risks' | 'meeting' | 'plan';

/** One measure of a family before and now; `pct` is null when it was 0 before. */
export interface CatchUpDelta {
  before: number;
  now: number;
  delta: number;
  pct: number | null;
}

/** One thing that changed since the person last looked. */
export interface CatchUpEntry {
  kind: CatchUpKind;
  change: CatchUpChange;
  /** The record's id (family id for the plan). */
  id: string;
  /** The record's title as it reads now (a decision's question, a family's name). */
  title: string;
  /** One line in words: `status proposed → agreed`, `assigned to you, due 2027-01-15`. */
  detail: string;
  /** Where the record lives: `go(link.view, link.item)`. */
  link: { view: CatchUpView; item: string | null };
  /** Who made the change, when known (the history, or the record itself). */
  by?: string;
  /** When it was made (ISO time), when known. */
  at?: string;
  /** For plan entries: the family's horizon totals before and now. */
  plan?: { revenue: CatchUpDelta; demand: CatchUpDelta; supply: CatchUpDelta };
}
