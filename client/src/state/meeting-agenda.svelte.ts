import { STANDARD_AGENDA } from '../../../shared/doc/index.ts';
import {
  agendaEntries,
  firstOpenItem,
  nextOpenItem,
  plannedMinutes,
  type AgendaEntry,
} from '../lib/agenda-plan.ts';
import type { CycleSession, Person } from './cycle-session.svelte.ts';

const STANDARD_TITLES = STANDARD_AGENDA.map((item) => item.title);

/**
 * The agenda as one person's meeting view sees it. The view FOLLOWS the meeting's
 * current item, as the facilitator drives it, unless the person browses freely: then
 * the item in the address (`/meeting/<item>`) is shown, and going back to the current
 * item is one step. Everything here is derived from the cycle and the address.
 */
export class MeetingAgenda {
  readonly #sessionOf: () => CycleSession;
  readonly #browsed: () => string | null;

  #entries = $derived.by(() =>
    agendaEntries(
      this.#session.records('agenda').records,
      this.#session.meeting.currentItem,
      STANDARD_TITLES,
    ),
  );

  /** `session` gives the open cycle; `browsed` the item in the address, or null when following. */
  constructor(session: () => CycleSession, browsed: () => string | null) {
    this.#sessionOf = session;
    this.#browsed = browsed;
  }

  get #session(): CycleSession {
    return this.#sessionOf();
  }

  /** Every item, in order. */
  get entries(): AgendaEntry[] {
    return this.#entries;
  }

  /** True once the facilitator started the meeting. */
  get isStarted(): boolean {
    return this.#session.meeting.startedAt !== null;
  }

  /** The meeting's current item; null before the meeting starts (or if it was removed). */
  get current(): AgendaEntry | null {
    return this.#entries.find((entry) => entry.isCurrent) ?? null;
  }

  /** True when this person chose to look at items on their own. */
  get isBrowsing(): boolean {
    return this.#browsed() !== null;
  }

  /**
   * The item shown: the browsed one; else the current one; before the meeting starts,
   * the first open item (what the meeting will start with). Null when there is none, or
   * the browsed item was removed.
   */
  get selected(): AgendaEntry | null {
    const browsed = this.#browsed();
    if (browsed !== null) return this.#entries.find((entry) => entry.id === browsed) ?? null;
    return this.current ?? firstOpenItem(this.#entries) ?? this.#entries[0] ?? null;
  }

  /** Where "Next item" goes. */
  get next(): AgendaEntry | null {
    return nextOpenItem(this.#entries, this.#session.meeting.currentItem);
  }

  /** Where "Start meeting" starts. */
  get firstOpen(): AgendaEntry | null {
    return firstOpenItem(this.#entries);
  }

  get plannedMinutes(): number {
    return plannedMinutes(this.#entries);
  }

  get closedCount(): number {
    return this.#entries.filter((entry) => entry.outcome).length;
  }

  /** Facilitators here now: the people who drive the meeting. */
  get drivers(): Person[] {
    return this.#session.people.filter((person) => person.role === 'facilitator');
  }
}
