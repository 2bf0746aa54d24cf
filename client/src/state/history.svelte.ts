import {
  DOCUMENT_ROOTS,
  docFromUpdates,
  type CollectionName,
  type CycleDoc,
  type DocGridName,
} from '../../../shared/doc/index.ts';
import {
  NOT_RESTORED,
  restoreCell,
  restoreCycle,
  restoreRecord,
  type RestoreSummary,
} from '../../../shared/doc/restore-commands.ts';
import type { Actor } from '../../../shared/policy/roles.ts';
import {
  checkWrite,
  mayWriteRoot,
  WRITE_RULES,
  type Verdict,
} from '../../../shared/policy/write-policy.ts';
import {
  restoredWords,
  touchesArea,
  touchesTarget,
  type HistoryEntry,
  type HistoryTarget,
  type NameBook,
  type Restorable,
} from '../components/history/history-words.ts';
import {
  HISTORY_PAGE,
  historyQuery,
  liveRecord,
  nameBook,
  nowText,
  peopleSeen,
  readHistoryAnswer,
  type HistoryFilters,
} from '../components/history/history-api.ts';
import { createFormatters, formatWhen } from '../lib/format.ts';
import { mayChangeAgenda, mayEditPlan } from '../lib/policy-view.ts';
import type { CycleSession } from './cycle-session.svelte.ts';

/** The roots a whole-cycle restore writes (all but the cycle's life and the revision log). */
const RESTORED_ROOTS = DOCUMENT_ROOTS.map((root) => root.name).filter(
  (name) => !NOT_RESTORED.has(name),
);

/**
 * Whether the person may restore the whole cycle: it writes every part of the cycle, so
 * only someone who may write every part of it (the facilitator) may. The refusal is the
 * policy's sentence for the first part they may not write.
 */
export function mayRestoreCycle(actor: Actor): Verdict {
  for (const root of RESTORED_ROOTS) {
    const verdict = mayWriteRoot(actor, root);
    if (!verdict.ok) {
      return {
        ok: false,
        reason: `Restoring the whole cycle writes every part of it. ${verdict.reason}`,
      };
    }
  }
  return { ok: true };
}

/**
 * Whether the person may restore one cell or record, asked as the policy asks of its
 * writes: a cell as a plan edit, an agenda item as changing the agenda, a record of a
 * person or a function (a comment, a sign-off) as a write of `record` (its fields now),
 * any other record as a write to its collection. The relay checks each write too.
 */
export function mayRestore(
  target: NonNullable<Restorable>,
  record?: Readonly<Record<string, unknown>>,
): (actor: Actor) => Verdict {
  if (target.kind === 'cell') return mayEditPlan;
  const root = target.collection;
  if (root === 'agenda') return mayChangeAgenda;
  if (WRITE_RULES[root]?.ownership) {
    return (actor) =>
      checkWrite(actor, { root, key: target.id, field: null, action: 'set', value: record ?? {} });
  }
  return (actor) => mayWriteRoot(actor, root);
}

/** Why the page cannot read the history now, or null when it can try. */
function offlineReason(session: CycleSession): string | null {
  if (session.connection === 'offline') {
    return 'this page is offline. The history is kept on the server, not on this device; it shows again when the connection is back.';
  }
  if (session.connection === 'refused') {
    return `the server refused this invite (${session.refusal ?? 'no reason given'}).`;
  }
  return null;
}

/**
 * The History view's state: pages of the cycle's stored changes as the server lists
 * them (newest first), the person's filters, the entry open, and restoring a cell, a
 * record or the whole cycle to how it was before a change, as a new change of this
 * person's, through `session.act`, so the policy and the relay check it like any edit.
 */
export class HistoryLog {
  readonly #session: () => CycleSession;
  #entries = $state.raw<HistoryEntry[]>([]);
  #status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  #problem = $state<string | null>(null);
  #hasMore = $state(false);
  #filters = $state<HistoryFilters>({ who: '', area: '', since: '', until: '' });
  #target = $state.raw<HistoryTarget | null>(null);
  #people = $state.raw<string[]>([]);
  #open = $state<number | null>(null);
  #progress = $state<string | null>(null);
  #outcome = $state<{ ok: boolean; text: string } | null>(null);
  #request = 0;

  constructor(session: () => CycleSession) {
    this.#session = session;
  }

  /** The entries loaded that the filters keep, newest first. */
  get entries(): HistoryEntry[] {
    const area = this.#filters.area;
    const target = this.#target;
    return this.#entries.filter(
      (entry) => (!area || touchesArea(entry, area)) && (!target || touchesTarget(entry, target)),
    );
  }

  get status(): 'idle' | 'loading' | 'ready' | 'failed' {
    return this.#status;
  }

  /** What went wrong reading the history, in words ("History needs the server: ..."). */
  get problem(): string | null {
    return this.#problem;
  }

  /** True when older entries remain on the server. */
  get hasMore(): boolean {
    return this.#hasMore;
  }

  /**
   * True for the oldest change the server keeps: nothing earlier to restore the cycle to.
   * Known only when the whole history is loaded with no filter.
   */
  isOldest(seq: number): boolean {
    const { who, area, since, until } = this.#filters;
    const unfiltered = !who && !area && !since && !until && this.#target === null;
    return (
      unfiltered && this.#status === 'ready' && !this.#hasMore && this.#entries.at(-1)?.seq === seq
    );
  }

  get filters(): HistoryFilters {
    return this.#filters;
  }

  get target(): HistoryTarget | null {
    return this.#target;
  }

  /** The people seen in the history so far, for the person filter. */
  get people(): string[] {
    return this.#people;
  }

  /** The seq of the entry open, if any. */
  get open(): number | null {
    return this.#open;
  }

  /** What a restore is doing now ("Fetching the cycle as it was…"), while it runs. */
  get progress(): string | null {
    return this.#progress;
  }

  /** What the last restore did, or why it could not. */
  get outcome(): { ok: boolean; text: string } | null {
    return this.#outcome;
  }

  /** Names of the live cycle's families, resources and records, and months as the page shows them. */
  names(): NameBook {
    const session = this.#session();
    const format = createFormatters(session.info.currency || 'EUR');
    return nameBook(session.doc, session.live.plan, format.month);
  }

  /** Opens the view on one cell or record (null for the whole cycle), and reloads. */
  focus(target: HistoryTarget | null): void {
    if (
      this.#target?.root === target?.root &&
      this.#target?.key === target?.key &&
      this.#status !== 'idle'
    )
      return;
    this.#target = target;
    void this.load();
  }

  /** Narrows the history; reloads from the newest. */
  setFilters(patch: Partial<HistoryFilters>): void {
    this.#filters = { ...this.#filters, ...patch };
    void this.load();
  }

  /** Opens (or closes, when open) an entry's changes. */
  toggle(seq: number): void {
    this.#open = this.#open === seq ? null : seq;
  }

  /** Reads the newest page again, or (`older`) the page after the last entry loaded. */
  async load(older = false): Promise<void> {
    const session = this.#session();
    const offline = offlineReason(session);
    if (offline) {
      this.#fail(`History needs the server: ${offline}`, older);
      return;
    }
    const request = ++this.#request;
    this.#status = 'loading';
    const last = older ? (this.#entries.at(-1)?.seq ?? null) : null;
    const query = historyQuery(this.#filters, this.#target, last);
    try {
      const response = await fetch(`${this.#base(session)}/history?${query}`, {
        headers: { Authorization: `Bearer ${session.invite.token}` },
      });
      const body: unknown = await response.json().catch(() => null);
      if (request !== this.#request) return;
      const entries = readHistoryAnswer(body);
      if (!response.ok || !entries) {
        const said = (body as { error?: unknown } | null)?.error;
        throw new Error(typeof said === 'string' ? said : `the server answered ${response.status}`);
      }
      this.#entries = older ? [...this.#entries, ...entries] : entries;
      this.#hasMore = entries.length >= HISTORY_PAGE;
      this.#people = peopleSeen(this.#people, entries);
      this.#status = 'ready';
      this.#problem = null;
    } catch (error) {
      if (request !== this.#request) return;
      this.#fail(
        error instanceof TypeError
          ? 'History needs the server: it cannot be reached from this page now. Your edits are kept on this device meanwhile.'
          : `History could not be read: ${error instanceof Error ? error.message : String(error)}.`,
        older,
      );
    }
  }

  /** A load that failed: the reason; a fresh list is cleared, so none shows that the filters do not match. */
  #fail(problem: string, older: boolean): void {
    this.#status = 'failed';
    this.#problem = problem;
    if (!older) {
      this.#entries = [];
      this.#hasMore = false;
    }
  }

  /** Restores the whole cycle to how it was just before `entry` (facilitators). */
  async restoreCycle(entry: HistoryEntry): Promise<void> {
    await this.#restore(entry, mayRestoreCycle, (doc, past, note) => restoreCycle(doc, past, note));
  }

  /** Restores one cell or record to how it was just before `entry`. */
  async restoreOne(entry: HistoryEntry, target: NonNullable<Restorable>): Promise<void> {
    await this.#restore(entry, mayRestore(target, this.#liveRecord(target)), (doc, past, note) =>
      target.kind === 'cell'
        ? restoreCell(doc, past, target.grid as DocGridName, target.id, target.month)
        : restoreRecord(doc, past, target.collection as CollectionName, target.id, note),
    );
  }

  /** The change's own restore, when the person may make it: the reason otherwise. */
  mayRestore(target: NonNullable<Restorable>): { ok: boolean; reason?: string } {
    return this.#session().may(mayRestore(target, this.#liveRecord(target)));
  }

  /** Whether the person may restore the whole cycle, and the reason when not. */
  get mayRestoreCycle(): { ok: boolean; reason?: string } {
    return this.#session().may(mayRestoreCycle);
  }

  async #restore(
    entry: HistoryEntry,
    check: (actor: Actor) => Verdict,
    write: (
      doc: CycleDoc,
      past: CycleDoc,
      note: { by: string; at: string; to: string },
    ) => RestoreSummary,
  ): Promise<void> {
    const session = this.#session();
    const when = formatWhen(entry.at);
    const refused = session.may(check).reason;
    if (refused) {
      this.#outcome = { ok: false, text: refused };
      return;
    }
    const offline = offlineReason(session);
    if (offline) {
      this.#outcome = { ok: false, text: `Restoring needs the server: ${offline}` };
      return;
    }
    this.#outcome = null;
    this.#progress = `Fetching the cycle as it was before the change of ${when}…`;
    let past: CycleDoc;
    try {
      const response = await fetch(`${this.#base(session)}/history/${entry.seq}/state?before=1`, {
        headers: { Authorization: `Bearer ${session.invite.token}` },
      });
      if (!response.ok) {
        const said = ((await response.json().catch(() => null)) as { error?: unknown } | null)
          ?.error;
        throw new Error(typeof said === 'string' ? said : `the server answered ${response.status}`);
      }
      past = docFromUpdates([new Uint8Array(await response.arrayBuffer())]);
    } catch (error) {
      this.#progress = null;
      this.#outcome = {
        ok: false,
        text:
          error instanceof TypeError
            ? 'Restoring needs the server: it cannot be reached from this page now.'
            : `The cycle as it was could not be read: ${error instanceof Error ? error.message : String(error)}.`,
      };
      return;
    }
    this.#progress = 'Restoring…';
    const note = { by: session.actor.name, at: nowText(), to: entry.at };
    const result = session.act((doc) => write(doc, past, note), check);
    this.#progress = null;
    if (!result.ok) {
      this.#outcome = { ok: false, text: `Nothing was restored: ${result.error}` };
      return;
    }
    this.#outcome = { ok: true, text: restoredWords(result.value, `before ${when}`) };
    if (result.value.cells + result.value.records > 0) void this.#reloadOnceStored();
  }

  /** Lists the restore as the newest change once the server has it. */
  async #reloadOnceStored(): Promise<void> {
    const session = this.#session();
    for (let tries = 0; tries < 40 && session.serverHasAll !== true; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await this.load();
  }

  /** A record's fields as they stand now, archived ones too; undefined for a cell or none. */
  #liveRecord(target: NonNullable<Restorable>): Record<string, unknown> | undefined {
    return target.kind === 'record'
      ? liveRecord(this.#session().doc, target.collection, target.id)
      : undefined;
  }

  #base(session: CycleSession): string {
    return `/api/workspaces/${encodeURIComponent(session.invite.workspace)}/cycles/${encodeURIComponent(session.cycle)}`;
  }
}
