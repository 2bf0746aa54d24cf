import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import type { Role } from '../../shared/policy/roles.ts';
import type { Storage } from './storage.ts';

/** The name history gives a change the server wrote itself (import, next cycle, closing). */
export const SERVER_NAME = 'Fulcrum server';

/** Who made a stored change: an invited person, or the server (`role` and `inviteId` null). */
export interface HistoryAuthor {
  /** The invite's id; null for the server. */
  inviteId: string | null;
  name: string;
  role: Role | null;
  /** For the server: what wrote the change (`import`, `next-cycle`...); null for a person. */
  via: string | null;
}

/** One place a change touched: a root, the key in it, the record's field, set or removed. */
export interface HistoryChange {
  root: string;
  key: string | null;
  field: string | null;
  action: 'set' | 'delete';
}

/** A history entry lists at most this many places; `changeCount` says how many there were. */
export const MAX_SUMMARY_CHANGES = 50;

/** What the relay says about an update it stores, beside its bytes. */
export interface HistoryNote {
  author: HistoryAuthor;
  /** The connection it came through (`c12`); null for the server. */
  connection: string | null;
  /** The places it touched, at most {@link MAX_SUMMARY_CHANGES}. */
  changes: HistoryChange[];
  /** How many places it touched in all. */
  changeCount: number;
  /** When it was stored (ISO time); the store's clock when omitted. */
  at?: string;
}

/** One stored change, as history lists it. */
export interface HistoryEntry {
  seq: number;
  /** When the server stored it (ISO time). */
  at: string;
  author: HistoryAuthor;
  connection: string | null;
  /** Size of the stored update. */
  bytes: number;
  changes: HistoryChange[];
  changeCount: number;
}

/** Which entries to list, newest first. */
export interface HistoryQuery {
  /** Only entries stored at or after this ISO time. */
  since?: string;
  /** Only entries stored before this ISO time. */
  until?: string;
  /** Only this person's entries (their name, compared without case). */
  who?: string;
  /** Only entries that touched this root (collection). */
  root?: string;
  /** Only entries with a smaller sequence number (paging backwards). */
  before?: number;
  /** At most this many (default and cap {@link MAX_HISTORY_LIMIT}). */
  limit?: number;
}

/** Who made a change, as the history API gives it. */
export type HistoryWho =
  | { name: string; role: string; inviteId: string | null }
  | { name: string; role: null; inviteId: null; via: string | null };

/**
 * One entry as the history API and `fulcrum history --json` give it: `who` is a person
 * (name, role, invite id) or the server (with `via`).
 */
export function historyEntryJson(entry: HistoryEntry) {
  const { author } = entry;
  const who: HistoryWho =
    author.role === null
      ? { name: author.name, role: null, inviteId: null, via: author.via }
      : { name: author.name, role: author.role, inviteId: author.inviteId };
  return {
    seq: entry.seq,
    at: entry.at,
    who,
    connection: entry.connection,
    bytes: entry.bytes,
    changes: entry.changes,
    changeCount: entry.changeCount,
  };
}

/** The most entries one history read gives. */
export const MAX_HISTORY_LIMIT = 500;

/** The document as it was right after an update, or why it can no longer be rebuilt. */
export type PastState =
  | { ok: true; update: Uint8Array }
  | {
      ok: false;
      /** `trimmed`: before the kept window; `unknown`: the room never stored that number. */
      problem: 'trimmed' | 'unknown';
      /** The time of the newest change folded away (ISO), when trimming is the reason. */
      keptSince: string | null;
    };

/** What one trimming did. */
export interface TrimResult {
  /** Rooms whose old entries were folded into their base. */
  rooms: number;
  /** Entries folded in all. */
  entries: number;
  /** Rooms that could not be folded (their stored updates do not read as Yjs). */
  failed: string[];
}

/**
 * The relay's stores keep every update they store in a history log beside the room's
 * log: who stored it, when, through which connection, what it touched, and its bytes.
 * Compacting the room's log (`compact`) never touches history; {@link trimHistory}
 * folds entries older than the retention window into one base snapshot per room, so
 * the state right after any kept entry can still be rebuilt: the base, then every kept
 * update up to it. Implemented by the SQLite, PostgreSQL and memory stores (never by the
 * browser's device store); every implementation passes `tests/storage/history-contract.ts`.
 *
 * Contract:
 * - `append` (the plain {@link Storage} one) keeps a history entry attributed to the
 *   server (`via: "store"`); {@link appendWithHistory} keeps the note given. The entry
 *   and the update are stored together: one commit, or neither.
 * - `history` lists entries newest first (by sequence number), filtered by the query.
 * - `stateAt(room, seq)` gives the document right after update `seq` as one update.
 * - `trimHistory(cutoff)` folds, per room, every entry up to the newest one stored
 *   before `cutoff` into the base; nothing else changes.
 */
export interface HistoryStore extends Storage {
  /** Appends an update with what history keeps of it; resolves with its sequence number. */
  appendWithHistory(room: string, update: Uint8Array, note: HistoryNote): Promise<number>;
  history(room: string, query?: HistoryQuery): Promise<HistoryEntry[]>;
  stateAt(room: string, seq: number): Promise<PastState>;
  trimHistory(cutoff: string): Promise<TrimResult>;
}

/** True for a store that keeps history (the server's stores do; the device store does not). */
export function isHistoryStore(storage: Storage): storage is HistoryStore {
  return typeof (storage as Partial<HistoryStore>).appendWithHistory === 'function';
}

/**
 * Appends `update` to `storage` with its history note when the store keeps history, as a
 * plain append otherwise.
 */
export function appendAttributed(
  storage: Storage,
  room: string,
  update: Uint8Array,
  note: HistoryNote,
): Promise<number> {
  return isHistoryStore(storage)
    ? storage.appendWithHistory(room, update, note)
    : storage.append(room, update);
}

/** The author of a change the server wrote itself; `via` says what wrote it. */
export function serverAuthor(via: string): HistoryAuthor {
  return { inviteId: null, name: SERVER_NAME, role: null, via };
}

/** The note of a plain `append`: the server, with nothing known of what it touched. */
export function plainNote(): HistoryNote {
  return { author: serverAuthor('store'), connection: null, changes: [], changeCount: 0 };
}

/** The query's limit, within 1..{@link MAX_HISTORY_LIMIT}. */
export function limitOf(query: HistoryQuery): number {
  const limit = query.limit ?? MAX_HISTORY_LIMIT;
  return Math.max(1, Math.min(MAX_HISTORY_LIMIT, Math.floor(limit)));
}

/** True when `entry` passes every filter of `query` but the limit. */
export function matchesQuery(entry: HistoryEntry, query: HistoryQuery): boolean {
  if (query.before !== undefined && entry.seq >= query.before) return false;
  if (query.since !== undefined && entry.at < query.since) return false;
  if (query.until !== undefined && entry.at >= query.until) return false;
  if (query.who !== undefined && entry.author.name.toLowerCase() !== query.who.toLowerCase()) {
    return false;
  }
  if (query.root !== undefined && !entry.changes.some((change) => change.root === query.root)) {
    return false;
  }
  return true;
}

/** Stored times are ISO strings in UTC with milliseconds, so text order is time order. */
export function isoTime(at: string | undefined): string {
  return at === undefined ? new Date().toISOString() : new Date(at).toISOString();
}

/**
 * The attribution columns of a history row, in the order both stores write them: at,
 * invite id, name, role, via, connection, bytes, changes (JSON text), change count.
 */
export type AttributionValues = [
  string,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  number,
  string,
  number,
];

/** The attribution columns of the history row of `update` (see {@link AttributionValues}). */
export function attributionValues(update: Uint8Array, note: HistoryNote): AttributionValues {
  const { author } = note;
  return [
    isoTime(note.at),
    author.inviteId,
    author.name,
    author.role,
    author.via,
    note.connection,
    update.length,
    encodeChanges(note.changes),
    note.changeCount,
  ];
}

/** The summary as stored (JSON text): the places, capped. */
export function encodeChanges(changes: readonly HistoryChange[]): string {
  return JSON.stringify(changes.slice(0, MAX_SUMMARY_CHANGES));
}

/** The places back from their stored JSON text. */
export function decodeChanges(text: string): HistoryChange[] {
  return JSON.parse(text) as HistoryChange[];
}

/** What a store reads to rebuild a past state: the base (if any) and the kept updates. */
export interface PastParts {
  base: { seq: number; at: string; data: Uint8Array } | null;
  /**
   * Kept updates with base.seq < seq <= the asked number, in order. `replaces`: the
   * update is a whole state that replaced the room (a restore), so what came before it
   * is not part of the state after it.
   */
  updates: { seq: number; data: Uint8Array; replaces?: boolean }[];
  /** True when the room's history holds an entry with the asked number. */
  known: boolean;
}

/**
 * Rebuilds the document right after update `seq` from its parts: the base, then every
 * kept update after it, in order. A number below the base (folded away), or a
 * gap in the kept updates (a change stored before history was kept), cannot be rebuilt.
 * Many updates are folded in a worker thread, so a long history never holds up the relay.
 */
export async function rebuildState(parts: PastParts, seq: number): Promise<PastState> {
  const baseSeq = parts.base?.seq ?? 0;
  if (seq < baseSeq && parts.base) {
    return { ok: false, problem: 'trimmed', keptSince: parts.base.at };
  }
  // Right after the base's last change (or before the first of all): the base itself.
  if (seq === baseSeq) return { ok: true, update: foldUpdates(parts.base?.data ?? null, []) };
  if (!parts.known) return { ok: false, problem: 'unknown', keptSince: null };
  const contiguous = parts.updates.every((update, index) => update.seq === baseSeq + index + 1);
  if (!contiguous || parts.updates.length !== seq - baseSeq) {
    return { ok: false, problem: 'trimmed', keptSince: parts.base?.at ?? null };
  }
  return { ok: true, update: await foldParts(parts.base?.data ?? null, parts.updates) };
}

/** The state of a document made of `base` then `updates`, as one update. Throws on bytes that are not Yjs. */
export function foldUpdates(base: Uint8Array | null, updates: { data: Uint8Array }[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (base) Y.applyUpdate(doc, base);
      for (const update of updates) Y.applyUpdate(doc, update.data);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** What history names a restore by (`via`): its update replaced the room's whole state. */
export const RESTORE_VIA = 'restore';

/** True for a note or entry whose update replaced the room's whole state (a restore). */
export function replacesRoom(author: HistoryAuthor): boolean {
  return author.inviteId === null && author.via === RESTORE_VIA;
}

/**
 * The state of `base` then `updates`, starting again from the last update that replaced
 * the room (a restore wrote the backup's state over whatever the room held).
 */
export function foldParts(
  base: Uint8Array | null,
  updates: { data: Uint8Array; replaces?: boolean }[],
): Promise<Uint8Array> {
  let last = -1;
  updates.forEach((update, index) => {
    if (update.replaces === true) last = index;
  });
  return last < 0 ? foldOffThread(base, updates) : foldOffThread(null, updates.slice(last));
}

/** Past this many updates, a past state is rebuilt in a worker thread (about 13 µs each). */
export const FOLD_IN_WORKER_FROM = 2_000;

/**
 * {@link foldUpdates}, in a worker thread when there are many updates (50,000 cell edits
 * take about 0.7 s to apply), on this thread when few (a worker costs tens of ms to start).
 */
export function foldOffThread(
  base: Uint8Array | null,
  updates: { data: Uint8Array }[],
): Promise<Uint8Array> {
  if (updates.length < FOLD_IN_WORKER_FROM) return Promise.resolve(foldUpdates(base, updates));
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fold-worker.js', import.meta.url), {
      workerData: { base, updates: updates.map((update) => update.data) },
    });
    worker.once('message', (state: Uint8Array) => resolve(new Uint8Array(state)));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`rebuilding a past state stopped (exit ${code})`));
    });
  });
}
