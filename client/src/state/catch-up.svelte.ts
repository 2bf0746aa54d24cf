import { untrack } from 'svelte';
import type {
  Authorship,
  CatchUpEntry,
  CatchUpFormat,
  CatchUpStart,
  SeenProjection,
} from '../../../shared/catchup/index.ts';
import { onDocChange } from '../../../shared/doc/index.ts';
import { formatDay } from '../lib/work-rules.ts';
import { DeviceStorageError } from '../device/device-storage-error.ts';
import { deviceStore, type SeenLooks } from '../device/device-store.ts';
import type { SeenKey } from '../device/seen-store.ts';
import { createFormatters } from '../lib/format.ts';
import type { CycleSession } from './cycle-session.svelte.ts';
import { authorsSince, NO_AUTHORS, pastProjection, recordFacts } from './catch-up-server.ts';

/**
 * Where the list stands: reading what the person last saw from the device, waiting for
 * the cycle to be there to take a first look (a first visit on this device), or ready.
 */
export type CatchUpStatus = 'loading' | 'waiting' | 'ready';

/** The comparison and the device store, loaded after the plan (they are not needed to show it). */
interface CatchUpParts {
  lib: typeof import('../../../shared/catchup/index.ts');
  store: SeenLooks | null;
}

/**
 * "Since you were here" for one person in one open cycle. What they last saw (the
 * baseline) is kept on this device per workspace, cycle and person; the entries compare
 * it with the cycle now and follow every change of it, offline too (the cycle comes from
 * the device's copy). The baseline moves like "unread" in a chat, only when the person
 * has looked at the list ({@link markSeen}: leaving the view, or "Mark all as seen").
 * Where it starts is `catchUpStart`'s rule: the first time the person opens the cycle
 * on this device, or when they missed the meeting, it is the cycle as it was when the
 * meeting started (or as it was created, before any meeting), fetched from the server's
 * history, so they see everything they missed. Each entry says who made the change and
 * when: from the record itself (an outcome's closer, a revision's author) or the history.
 */
export class CatchUp {
  readonly #session: CycleSession;
  readonly #key: SeenKey;
  #parts = $state.raw<CatchUpParts | null>(null);
  /** Counts plan changes once edits pause for {@link PLAN_SETTLE_MS}. */
  #planSettled = $state(0);
  #planTimer: ReturnType<typeof setTimeout> | null = null;
  #baseline = $state.raw<SeenProjection | null>(null);
  /** What this device kept of the person's last look, read once at the start. */
  #stored: SeenProjection | null = null;
  #start = $state.raw<CatchUpStart | null>(null);
  #starting = false;
  /** Who made each change since the baseline, from the server's history. */
  #authors = $state.raw<ReadonlyMap<string, Authorship>>(NO_AUTHORS);
  #authorsTimer: ReturnType<typeof setTimeout> | null = null;
  /** How many views show the list now: who made each change is asked only for them. */
  #watchers = 0;
  #status = $state<CatchUpStatus>('loading');
  readonly #stopListening: () => void;
  #problem = $state<string | null>(null);

  /** The cycle as the person sees it now, recomputed with every change of it. */
  readonly #current = $derived.by(() => this.#project());
  // The cycle's information is read again at every plan edit: its currency, a string,
  // stops that there, so the list is not compared afresh at every keystroke.
  readonly #currency = $derived.by(() => this.#session.info.currency);
  readonly #format = $derived.by(() => this.#formatFor(this.#currency));
  readonly #entries = $derived.by((): CatchUpEntry[] => {
    const baseline = this.#baseline;
    const current = this.#current;
    if (!baseline || !current || this.#status !== 'ready') return [];
    const lib = this.#parts!.lib;
    const entries = lib.catchUp(baseline, current, this.#session.invite.name, this.#format);
    return lib.attributeEntries(entries, this.#authors, this.#facts());
  });

  /** `parts` resolves to the comparison and this device's store (null: none in this browser). */
  constructor(session: CycleSession, parts: Promise<CatchUpParts>) {
    this.#session = session;
    this.#key = {
      workspace: session.invite.workspace,
      cycle: session.cycle,
      person: session.invite.name,
    };
    // Plan edits reach the list once they pause: projecting 500 families' totals on every
    // keystroke would slow the cells people type into (the charts wait the same way).
    const stopPlan = onDocChange(session.doc, ({ areas }) => {
      this.#askAuthorsSoon();
      if (!areas.has('plan')) return;
      if (this.#planTimer !== null) clearTimeout(this.#planTimer);
      this.#planTimer = setTimeout(() => {
        this.#planTimer = null;
        this.#planPaused();
      }, PLAN_SETTLE_MS);
    });
    // What I do myself is seen: it never shows in my own list.
    const stopOwn = session.onOwnChange((touched) => queueMicrotask(() => this.#seeOwn(touched)));
    this.#stopListening = () => {
      stopPlan();
      stopOwn();
    };
    parts
      .then(async (loaded) => {
        this.#parts = loaded;
        if (!loaded.store) {
          this.#problem =
            'This browser cannot keep what you have seen (no storage available): the list starts afresh each time the cycle opens.';
          this.#status = 'waiting';
          return;
        }
        // Where the list starts is decided once the cycle is here (keepFirstLook).
        this.#stored = await loaded.store.get(this.#key);
        this.#status = 'waiting';
      })
      .catch((error: unknown) => {
        if (!this.#parts) {
          this.#problem = `The list of changes could not be loaded (${errorText(error)}): check the connection, then reload the page.`;
          return;
        }
        // What the person sees is still compared within this visit when the store fails.
        this.#problem = problemText(error);
        this.#status = 'waiting';
      });
  }

  get status(): CatchUpStatus {
    return this.#status;
  }

  /** What changed since the person last looked, in the order the list shows it. */
  get entries(): CatchUpEntry[] {
    return this.#entries;
  }

  /** The count for the navigation, when there is something to catch up on. */
  get badge(): string | undefined {
    const count = this.#entries.length;
    return count > 0 ? String(count) : undefined;
  }

  /** When the person last looked (ISO time), once known. */
  get since(): string | null {
    return this.#status === 'ready' ? (this.#baseline?.at ?? null) : null;
  }

  /** Where the list starts: the last look, the meeting's start or the cycle's opening. */
  get start(): CatchUpStart | null {
    return this.#status === 'ready' ? this.#start : null;
  }

  /** Why what the person saw cannot be kept or read on this device; null when all is well. */
  get problem(): string | null {
    return this.#problem;
  }

  /**
   * Decides where the list starts once the cycle is there (from the device's copy, or
   * synced): the last look kept on this device, or, on a first visit or for a person
   * who missed the meeting, the cycle as it was when the meeting started (or as it was
   * created), asked of the server. Call it from an effect: it reads the session's state
   * and acts when it allows.
   */
  keepFirstLook(): void {
    if (this.#status !== 'waiting' || this.#starting || !this.#parts) return;
    if (!this.#session.isSynced && this.#session.live.plan === null) return;
    const lib = this.#parts.lib;
    const stored = this.#stored;
    const start = lib.catchUpStart({
      me: this.#session.invite.name,
      attendance: this.#session.records('attendance').records,
      meetingStartedAt: this.#session.meeting.startedAt,
      lastSeen: stored
        ? { at: stored.at, reviewed: stored.reviewed === true, from: stored.from }
        : null,
    });
    // A baseline kept on this device that still starts where this start does serves as it is.
    const keptStart =
      stored !== null &&
      (start.from === 'lastVisit' ||
        (stored.from === start.from && (start.from !== 'meeting' || stored.at === start.at)));
    if (keptStart) {
      this.#ready(start, stored, false);
      return;
    }
    if (start.from === 'lastVisit') return;
    // A device that knows it is offline does not ask (the browser would log the failure);
    // one whose server is away waits until it is back (this runs again when it is).
    const offline = globalThis.navigator?.onLine === false;
    if (!offline && this.#session.connection !== 'online') return;
    this.#starting = true;
    untrack(() =>
      (offline
        ? Promise.reject(new Error('this device is offline'))
        : pastProjection(this.#session, lib, start)
      )
        .then((past) => this.#ready(start, past, true))
        .catch((error: unknown) => {
          // Offline: everything the cycle holds now is listed as new, and the page says why.
          const empty: SeenProjection = {
            ...lib.projectSeen(
              { decisions: [], actions: [], risks: [], agenda: [], result: null },
              EPOCH,
            ),
            families: this.#current?.families ?? {},
          };
          this.#problem = `The cycle as it was ${start.from === 'meeting' ? 'when the meeting started' : 'when it opened'} could not be read from the server (${errorText(error)}): every decision, action, risk and closed agenda item is listed, without plan changes.`;
          this.#ready(start, empty, false);
        })
        .finally(() => (this.#starting = false)),
    );
  }

  /**
   * A view shows the list: from now until the returned function is called, who made each
   * change is asked of the server (now, and a moment after each change).
   */
  watch(): () => void {
    this.#watchers++;
    this.#askAuthors();
    return () => {
      this.#watchers--;
    };
  }

  /** The person has looked at the list: what they see now is what they last saw. */
  markSeen(): void {
    if (this.#status === 'ready') this.#keep();
  }

  #ready(start: CatchUpStart, baseline: SeenProjection, keep: boolean): void {
    this.#start = start;
    this.#baseline = baseline;
    this.#status = 'ready';
    if (keep) this.#parts?.store?.put(this.#key, baseline).catch(() => {});
    this.#askAuthors();
  }

  /**
   * Asks the server who made the changes since the baseline; only while connected to it
   * (offline, the entries say "not known yet", and the next change asks again).
   */
  #askAuthors(): void {
    const since = this.#baseline?.at ?? null;
    const lib = this.#parts?.lib;
    if (!lib || this.#watchers === 0 || this.#session.connection !== 'online') return;
    authorsSince(this.#session, lib, since === EPOCH.toISOString() ? null : since).then(
      (authors) => (this.#authors = authors),
      () => {},
    );
  }

  /** Asks again a moment after the cycle changes, so a new entry says who made it. */
  #askAuthorsSoon(): void {
    if (this.#status !== 'ready' || this.#watchers === 0 || this.#authorsTimer !== null) return;
    this.#authorsTimer = setTimeout(() => {
      this.#authorsTimer = null;
      this.#askAuthors();
    }, AUTHORS_PAUSE_MS);
  }

  /** Who and when as the records themselves say: agenda outcomes and revisions. */
  #facts(): ReadonlyMap<string, Authorship> {
    return recordFacts(
      this.#session.records('agenda').records,
      this.#session.records('revisions').records,
    );
  }

  /**
   * Stops following the cycle (its session is closing): removes the listeners and timers.
   * A baseline still waiting to be written to the device is written now, not dropped.
   */
  destroy(): void {
    this.#stopListening();
    if (this.#planTimer !== null) clearTimeout(this.#planTimer);
    this.#planTimer = null;
    if (this.#authorsTimer !== null) clearTimeout(this.#authorsTimer);
    this.#authorsTimer = null;
    if (this.#saveTimer !== null) {
      clearTimeout(this.#saveTimer);
      this.#save();
    }
  }

  /**
   * Folds the records of my own command into the baseline, so they do not read as news;
   * what others changed meanwhile stays listed. Work records fold at once; families (a
   * plan edit) when the plan's totals are next counted, once edits pause. The device copy
   * follows a moment later, not on every keystroke.
   */
  #seeOwn(touched: Map<string, Set<string>>): void {
    const now: [OwnPart, Iterable<string>][] = [];
    for (const [root, ids] of touched) {
      const part = ROOT_PART[root];
      if (part === 'families') for (const id of ids) this.#ownFamilies.add(id);
      else if (part) now.push([part, ids]);
    }
    if (now.length > 0) this.#fold(now);
  }

  /** The plan's totals are counted again: my own families' changes are seen. */
  #planPaused(): void {
    this.#planSettled++;
    if (this.#ownFamilies.size === 0) return;
    const ids = [...this.#ownFamilies];
    this.#ownFamilies.clear();
    this.#fold([['families', ids]]);
  }

  #fold(parts: [OwnPart, Iterable<string>][]): void {
    const baseline = this.#baseline;
    const current = this.#current;
    if (this.#status !== 'ready' || !baseline || !current) return;
    const next: SeenProjection = { ...baseline };
    for (const [part, ids] of parts) {
      const seen = { ...(next[part] as Record<string, unknown>) };
      const now = current[part] as Record<string, unknown>;
      for (const id of ids) {
        if (id in now) seen[id] = now[id];
        else delete seen[id];
      }
      (next as unknown as Record<string, unknown>)[part] = seen;
    }
    this.#baseline = next;
    if (this.#saveTimer !== null) clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.#save(), 1000);
  }

  /** Writes the baseline to the device (after my own changes folded into it). */
  #save(): void {
    this.#saveTimer = null;
    const latest = this.#baseline;
    if (latest) this.#parts?.store?.put(this.#key, latest).catch(() => {});
  }

  /** Families my own plan edits touched since the totals were last counted. */
  // Not state: read only when the plan pauses.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #ownFamilies = new Set<string>();
  #saveTimer: ReturnType<typeof setTimeout> | null = null;

  /** Keeps what the person sees as what they last saw, as of this moment. */
  #keep(): void {
    const current = this.#current;
    if (!current) return;
    const projection = { ...current, at: now().toISOString(), reviewed: true };
    this.#baseline = projection;
    this.#start = { from: 'lastVisit', at: projection.at };
    this.#status = 'ready';
    this.#authors = NO_AUTHORS;
    this.#parts?.store?.put(this.#key, projection).then(
      () => (this.#problem = null),
      (error: unknown) => (this.#problem = problemText(error)),
    );
  }

  #project(): SeenProjection | null {
    const lib = this.#parts?.lib;
    if (!lib) return null;
    const session = this.#session;
    // The plan's totals follow edits once they pause (see #planSettled), not per keystroke.
    void this.#planSettled;
    return lib.projectSeen(
      {
        decisions: session.records('decisions').records,
        actions: session.records('actions').records,
        risks: session.records('risks').records,
        agenda: session.records('agenda').records,
        // The engine result is updated in place: #planSettled is what tells of a change.
        result: untrack(() => session.live.result),
      },
      EPOCH,
    );
  }

  /** Details in the cycle's currency and the person's way of writing numbers and days. */
  #formatFor(currency: string): CatchUpFormat | undefined {
    // The cycle's currency is unknown until its document arrives: plain numbers then.
    if (!currency) return undefined;
    const format = createFormatters(currency);
    // A plus sign for a rise; none for what rounds to zero.
    const signed = (text: string, value: number) =>
      value > 0 && /[1-9]/.test(text) ? `+${text}` : text;
    return {
      money: format.money,
      signedMoney: format.signedMoney,
      quantity: format.quantity,
      signedQuantity: (value) => signed(format.quantity(value), value),
      signedPercent: (ratio) => signed(format.percent(ratio), ratio),
      day: (iso) => formatDay(iso),
    };
  }
}

/** The parts of a projection that a document root's records land in. */
type OwnPart = 'decisions' | 'actions' | 'risks' | 'agenda' | 'families';

/** Which part of the projection a root of the document feeds (plan grids: the family). */
const ROOT_PART: Record<string, OwnPart | undefined> = {
  decisions: 'decisions',
  actions: 'actions',
  risks: 'risks',
  agenda: 'agenda',
  families: 'families',
  demand: 'families',
  demandBase: 'families',
  supply: 'families',
  supplyBase: 'families',
  budget: 'families',
  budgetBase: 'families',
  loads: 'families',
};

/** How long the cycle must pause before the history is asked who changed it. */
const AUTHORS_PAUSE_MS = 1500;

/** How long plan edits must pause before the list counts them again. */
const PLAN_SETTLE_MS = 300;

/** This moment: a time stamp, never reactive state. */
function now(): Date {
  return new Date();
}

/** The time of a projection not kept yet: {@link CatchUp.markSeen} stamps the real one. */
const EPOCH = new Date(0);

const opened = new WeakMap<CycleSession, CatchUp>();
let shared: Promise<CatchUpParts> | undefined;

/**
 * The catch-up of an open cycle: one per session, so the frame's badge and the view
 * share it. What people saw is kept in this device's database (none without IndexedDB).
 */
export function catchUpFor(session: CycleSession): CatchUp {
  let found = opened.get(session);
  if (!found) {
    shared ??= Promise.all([
      import('../../../shared/catchup/index.ts'),
      deviceStore()?.seen ?? null,
    ]).then(
      ([lib, store]) => ({ lib, store }),
      (error: unknown) => {
        // Not kept: the next cycle opened tries to load them again.
        shared = undefined;
        throw error;
      },
    );
    found = new CatchUp(session, shared);
    opened.set(session, found);
  }
  return found;
}

function problemText(error: unknown): string {
  if (error instanceof DeviceStorageError) return error.message;
  return `This device could not keep what you have seen (${errorText(error)}): reload the page to try again.`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
