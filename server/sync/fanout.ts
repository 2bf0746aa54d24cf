/**
 * Fan-out between relay processes that share one durable store: what one process stored
 * for a room reaches the other processes holding that room, with its awareness. The store
 * stays the source of truth; a fan-out message is a fast path that may be lost, repeated
 * or reordered (Yjs updates are idempotent and commute), and a room that sees a gap in the
 * sequence numbers, or is told the fan-out was interrupted, catches up from the store.
 * The embedded default has no fan-out: one process holds every room.
 */

/** What a room hears from the other processes. */
export interface FanoutListener {
  /** Another process stored `update` for the room under sequence number `seq`. */
  update(seq: number, update: Uint8Array): void;
  /** Another process's peers changed their awareness (an encoded awareness update). */
  awareness(update: Uint8Array): void;
  /** Messages may have been missed (the fan-out reconnected): catch up from the store. */
  resync(): void;
}

/** Fan-out of rooms' stored updates and awareness to the other processes. */
export interface Fanout {
  /** Starts hearing a room's messages; resolves once nothing sent after it can be missed. */
  subscribe(room: string, listener: FanoutListener): Promise<void>;
  /** Stops hearing a room. */
  unsubscribe(room: string, listener: FanoutListener): void;
  /** Tells the others an update was stored (call only after the store committed it). */
  publishUpdate(room: string, seq: number, update: Uint8Array): void;
  /** Tells the others of an awareness change made by this process's peers. */
  publishAwareness(room: string, update: Uint8Array): void;
  /** Stops the fan-out. */
  close(): Promise<void>;
}
