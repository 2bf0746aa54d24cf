/**
 * What a room's log holds when it is loaded: the updates to apply, in order (a compacted
 * snapshot first, when there is one), and the sequence number of the last one.
 */
export interface StoredRoom {
  updates: Uint8Array[];
  /** Sequence number of the newest update (or of the snapshot); 0 for a room never written. */
  lastSeq: number;
}

/**
 * Durable storage of each room's Yjs updates: an append-only log per room, compacted
 * from time to time into one snapshot. Every implementation passes
 * `tests/storage/storage-contract.ts`.
 *
 * Contract:
 * - `append` resolves only once the update is durable (it survives a crash of this
 *   process), and returns the update's sequence number: 1, 2, 3 ... per room, never reused.
 * - `load` gives the snapshot (if any) and then every update appended after it, in
 *   append order; applying them in that order rebuilds the room's document.
 * - `compact(room, snapshot, upToSeq)` atomically replaces the snapshot and every update
 *   with a sequence number <= `upToSeq` by `snapshot`; updates after `upToSeq` stay.
 *   The next `append` still gets a number above every number given before.
 * - Rooms are independent; a room name is any non-empty string.
 */
export interface Storage {
  load(room: string): Promise<StoredRoom>;
  append(room: string, update: Uint8Array): Promise<number>;
  compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void>;
  /** Flushes and releases the store; no method may be called afterwards. */
  close(): Promise<void>;
}
