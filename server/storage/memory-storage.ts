import {
  foldParts,
  replacesRoom,
  isoTime,
  limitOf,
  matchesQuery,
  MAX_SUMMARY_CHANGES,
  plainNote,
  rebuildState,
  type HistoryEntry,
  type HistoryNote,
  type HistoryQuery,
  type HistoryStore,
  type PastState,
  type TrimResult,
} from './history.ts';
import type { StoredRoom } from './storage.ts';

interface MemoryRoom {
  snapshot: { seq: number; data: Uint8Array } | null;
  updates: { seq: number; data: Uint8Array }[];
  lastSeq: number;
  /** Every stored update with its history entry, in order (after the base). */
  history: { entry: HistoryEntry; data: Uint8Array }[];
  /** The history's base: the state of every entry folded away. */
  base: { seq: number; at: string; data: Uint8Array } | null;
}

/** Storage in this process's memory, for tests: the same contracts, nothing durable. */
export class MemoryStorage implements HistoryStore {
  #rooms = new Map<string, MemoryRoom>();
  #closed = false;

  async load(room: string): Promise<StoredRoom> {
    this.#check();
    const stored = this.#rooms.get(room);
    if (!stored) return { updates: [], lastSeq: 0 };
    const updates = stored.updates.map((entry) => entry.data.slice());
    if (stored.snapshot) updates.unshift(stored.snapshot.data.slice());
    return { updates, lastSeq: stored.lastSeq };
  }

  append(room: string, update: Uint8Array): Promise<number> {
    return this.appendWithHistory(room, update, plainNote());
  }

  async appendWithHistory(room: string, update: Uint8Array, note: HistoryNote): Promise<number> {
    this.#check();
    const stored = this.#room(room);
    const seq = ++stored.lastSeq;
    // A copy: the caller may reuse its buffer.
    const data = update.slice();
    stored.updates.push({ seq, data });
    stored.history.push({
      data,
      entry: {
        seq,
        at: isoTime(note.at),
        author: { ...note.author },
        connection: note.connection,
        bytes: update.length,
        changes: note.changes.slice(0, MAX_SUMMARY_CHANGES).map((change) => ({ ...change })),
        changeCount: note.changeCount,
      },
    });
    return seq;
  }

  async compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.#check();
    const stored = this.#room(room);
    // An older snapshot never replaces a newer one.
    if (stored.snapshot && stored.snapshot.seq > upToSeq) return;
    stored.snapshot = { seq: upToSeq, data: snapshot.slice() };
    stored.updates = stored.updates.filter((entry) => entry.seq > upToSeq);
    stored.lastSeq = Math.max(stored.lastSeq, upToSeq);
  }

  async rooms(prefix: string): Promise<string[]> {
    this.#check();
    const names: string[] = [];
    for (const [name, stored] of this.#rooms) {
      if (name.startsWith(prefix) && (stored.snapshot || stored.updates.length > 0)) {
        names.push(name);
      }
    }
    return names.sort();
  }

  async history(room: string, query: HistoryQuery = {}): Promise<HistoryEntry[]> {
    this.#check();
    const stored = this.#rooms.get(room);
    if (!stored) return [];
    const limit = limitOf(query);
    const found: HistoryEntry[] = [];
    for (let index = stored.history.length - 1; index >= 0 && found.length < limit; index--) {
      const { entry } = stored.history[index];
      if (matchesQuery(entry, query)) found.push(structuredClone(entry));
    }
    return found;
  }

  async stateAt(room: string, seq: number): Promise<PastState> {
    this.#check();
    const stored = this.#rooms.get(room);
    const history = stored?.history ?? [];
    return rebuildState(
      {
        base: stored?.base ?? null,
        updates: history
          .filter(({ entry }) => entry.seq <= seq)
          .map(({ entry, data }) => ({
            seq: entry.seq,
            data,
            replaces: replacesRoom(entry.author),
          })),
        known: history.some(({ entry }) => entry.seq === seq),
      },
      seq,
    );
  }

  async trimHistory(cutoff: string): Promise<TrimResult> {
    this.#check();
    const result: TrimResult = { rooms: 0, entries: 0, failed: [] };
    for (const [name, stored] of this.#rooms) {
      const old = stored.history.filter(({ entry }) => entry.at < cutoff);
      if (old.length === 0) continue;
      const upTo = Math.max(...old.map(({ entry }) => entry.seq));
      const folded = stored.history.filter(({ entry }) => entry.seq <= upTo);
      try {
        const data = await foldParts(
          stored.base?.data ?? null,
          folded.map(({ entry, data }) => ({ data, replaces: replacesRoom(entry.author) })),
        );
        const at = folded.reduce(
          (latest, { entry }) => (entry.at > latest ? entry.at : latest),
          '',
        );
        stored.base = { seq: upTo, at, data };
      } catch {
        result.failed.push(name);
        continue;
      }
      stored.history = stored.history.filter(({ entry }) => entry.seq > upTo);
      result.rooms++;
      result.entries += folded.length;
    }
    return result;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #room(room: string): MemoryRoom {
    let stored = this.#rooms.get(room);
    if (!stored) {
      stored = { snapshot: null, updates: [], lastSeq: 0, history: [], base: null };
      this.#rooms.set(room, stored);
    }
    return stored;
  }

  #check(): void {
    if (this.#closed) throw new Error('The storage is closed');
  }
}
