import { SvelteMap } from 'svelte/reactivity';
import { clearCell, setCell, watchCellClashes, type CellClash } from '../../../shared/doc/index.ts';
import type { Plan } from '../../../shared/engine/index.ts';
import { createFormatters, type Formatters } from '../lib/format.ts';
import type { CycleSession } from './cycle-session.svelte.ts';

/** At most this many notices are listed; older ones are counted ("and 3 more"). */
export const SHOWN_CLASHES = 5;

/** One of my edits that lost to someone else's, as the notice shows it. */
export interface ClashNoticeItem {
  /** Stable while the notice is listed (a newer clash of the same cell takes its place). */
  readonly key: number;
  readonly clash: CellClash;
  /** "Your 700 for Garden hoses supply Jun 2027 was replaced by Ana's 650." */
  readonly text: string;
  /** The button that writes my value again: "Reapply 700", or "Clear again". */
  readonly reapplyLabel: string;
}

interface Entry {
  key: number;
  clash: CellClash;
}

/**
 * The edits of mine that lost to someone else's concurrent edit of the same cell, newest
 * first, each with one action to write my value again through the normal cell command.
 * The other person is named by their presence (remembered after they leave); before it
 * arrives, or when no one by that id was ever here, they are "someone else".
 */
export class ClashNotices {
  readonly #session: CycleSession;
  #entries = $state.raw<Entry[]>([]);
  /** Names by document client id, kept after the person leaves. */
  readonly #names = new SvelteMap<number, string>();
  #next = 0;
  readonly #stops: (() => void)[] = [];

  constructor(session: CycleSession) {
    this.#session = session;
    const clients = new DeviceClients(`${session.room}/${session.invite.name}`);
    this.#stops.push(
      watchCellClashes(session.doc, (clash) => this.#add(clash), {
        earlierClients: clients.earlier(),
      }),
    );
    // Once I have edited, edits of this session loaded back later are still mine.
    const stopOwn = session.onOwnChange(() => {
      clients.remember(session.doc.clientID);
      stopOwn();
    });
    this.#stops.push(stopOwn);
    const awareness = session.awareness;
    const remember = () => this.#rememberNames();
    awareness.on('change', remember);
    this.#stops.push(() => awareness.off('change', remember));
    this.#rememberNames();
  }

  /** How many of my edits were replaced and not yet dealt with. */
  get count(): number {
    return this.#entries.length;
  }

  /** The newest {@link SHOWN_CLASHES} notices, in words. */
  get shown(): ClashNoticeItem[] {
    const entries = this.#entries.slice(0, SHOWN_CLASHES);
    if (entries.length === 0) return [];
    const format = createFormatters(this.#session.info.currency || 'EUR');
    const plan = this.#session.live.plan;
    return entries.map(({ key, clash }) => ({
      key,
      clash,
      text: clashText(clash, this.#names.get(clash.theirClient) ?? null, plan, format),
      reapplyLabel: clash.mine === null ? 'Clear again' : `Reapply ${format.quantity(clash.mine)}`,
    }));
  }

  /** How many notices are not listed. */
  get more(): number {
    return Math.max(0, this.#entries.length - SHOWN_CLASHES);
  }

  /**
   * Writes my value again (a new edit that everyone sees, on top of theirs) and drops the
   * notice. A refused write (a viewer now, a closed cycle) keeps it; the session says why.
   */
  reapply(key: number): void {
    const entry = this.#entries.find((candidate) => candidate.key === key);
    if (!entry) return;
    const { grid, id, month, mine } = entry.clash;
    const result = this.#session.act((doc) =>
      mine === null ? clearCell(doc, grid, id, month) : setCell(doc, grid, id, month, mine),
    );
    if (result.ok) this.dismiss(key);
  }

  /** Drops one notice: the other person's value stands. */
  dismiss(key: number): void {
    this.#entries = this.#entries.filter((entry) => entry.key !== key);
  }

  /** Drops every notice. */
  dismissAll(): void {
    this.#entries = [];
  }

  /** Stops watching the cycle. */
  destroy(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  #add(clash: CellClash): void {
    const same = (entry: Entry) =>
      entry.clash.grid === clash.grid &&
      entry.clash.id === clash.id &&
      entry.clash.month === clash.month;
    this.#entries = [
      { key: ++this.#next, clash },
      ...this.#entries.filter((entry) => !same(entry)),
    ];
  }

  #rememberNames(): void {
    const awareness = this.#session.awareness;
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const name = (state as { user?: { name?: unknown } }).user?.name;
      if (typeof name === 'string' && name && this.#names.get(clientId) !== name) {
        this.#names.set(clientId, name);
      }
    }
  }
}

/**
 * A clash in words: "Your 700 for Garden hoses supply Jun 2027 was replaced by Ana's
 * 650." A cleared cell on either side says so; an unknown person is "someone else".
 */
export function clashText(
  clash: CellClash,
  theirName: string | null,
  plan: Plan | null,
  format: Formatters,
): string {
  const rows = clash.grid === 'capacity' ? plan?.resources : plan?.families;
  const rowName = rows?.find((row) => row.id === clash.id)?.name ?? clash.id;
  const cell = `${rowName} ${clash.grid} ${format.month(clash.month)}`;
  const who = theirName ?? 'someone else';
  const mine =
    clash.mine === null
      ? `Your clearing of ${cell}`
      : `Your ${format.quantity(clash.mine)} for ${cell}`;
  if (clash.theirs === null) return `${mine} was cleared by ${who}.`;
  return `${mine} was replaced by ${who}'s ${format.quantity(clash.theirs)}.`;
}

/** How many earlier sessions that edited one cycle a device remembers, per person. */
export const REMEMBERED_SESSIONS = 20;

/**
 * The document client ids this person's sessions that edited a cycle wrote with on this
 * device, kept in the browser's local storage. An edit made offline in a tab closed
 * before the network came back carries its session's id when the device loads it back,
 * so its loss in a clash is still told to the person who made it. A browser with no
 * local storage remembers nothing (such an edit's loss then goes untold).
 */
class DeviceClients {
  readonly #key: string;

  /** @param scope the cycle and person: `<workspace>/<cycle>/<name>`. */
  constructor(scope: string) {
    this.#key = `fulcrum.editing-sessions.${scope}`;
  }

  /** The ids remembered so far, oldest first. */
  earlier(): number[] {
    try {
      const stored: unknown = JSON.parse(globalThis.localStorage?.getItem(this.#key) ?? '[]');
      return Array.isArray(stored) ? stored.filter((id) => Number.isSafeInteger(id)) : [];
    } catch {
      return [];
    }
  }

  /** Adds a session's id, forgetting the oldest beyond {@link REMEMBERED_SESSIONS}. */
  remember(clientId: number): void {
    const ids = [...this.earlier().filter((id) => id !== clientId), clientId];
    try {
      globalThis.localStorage?.setItem(this.#key, JSON.stringify(ids.slice(-REMEMBERED_SESSIONS)));
    } catch {
      // Storage full or refused: this session's offline edits are then not followed.
    }
  }
}
