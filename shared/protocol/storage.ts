/**
 * What a room's log holds when it is loaded: the updates to apply, in order (a compacted
 * snapshot first, when there is one), and the sequence number of the last one.
 */
export interface StoredRoom {
  /** The snapshot (when there is one), then every update appended after it, in append order. */
  updates: Uint8Array[];
  /** Sequence number of the newest update (or of the snapshot); 0 for a room never written. */
  lastSeq: number;
}

/**
 * Durable storage of each room's Yjs updates: an append-only log per room, compacted
 * from time to time into one snapshot. The relay keeps rooms in one (SQLite), a browser
 * keeps the cycles it opened in another (IndexedDB through Dexie). Every implementation
 * passes `tests/storage/storage-contract.ts`.
 *
 * Contract:
 * - `append` resolves only once the update is durable (it survives a crash of this
 *   process), and returns the update's sequence number: 1, 2, 3 ... per room, never reused.
 * - `load` gives the snapshot (if any) and then every update appended after it, in
 *   append order; applying them in that order rebuilds the room's document.
 * - `compact(room, snapshot, upToSeq)` atomically replaces the snapshot and every update
 *   with a sequence number <= `upToSeq` by `snapshot`; updates after `upToSeq` stay.
 *   The next `append` still gets a number above every number given before. A snapshot
 *   older than the one stored (a smaller `upToSeq`) changes nothing: two writers that
 *   compact at once never lose what the later snapshot covers.
 * - `rooms(prefix)` lists the rooms that hold anything (an update or a snapshot) whose
 *   names start with `prefix`, sorted.
 * - Rooms are independent; a room name is any non-empty string.
 */
export interface Storage {
  /** The room's snapshot and later updates, in order; an empty log for an unknown room. */
  load(room: string): Promise<StoredRoom>;
  /** Stores one update durably; resolves with its sequence number (1, 2, 3 ... per room). */
  append(room: string, update: Uint8Array): Promise<number>;
  /** Replaces the snapshot and every update up to `upToSeq` by `snapshot`, atomically. */
  compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void>;
  /** Names of the rooms that hold anything and start with `prefix`, sorted. */
  rooms(prefix: string): Promise<string[]>;
  /** Flushes and releases the store; no method may be called afterwards. */
  close(): Promise<void>;
}
