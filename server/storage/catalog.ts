/** One cycle of a workspace, as the server created it. */
export interface CycleEntry {
  workspace: string;
  cycle: string;
  /** The cycle document's title; empty until it has one. */
  title: string;
  /** When the cycle was closed (ISO time), null while it is open. */
  closedAt: string | null;
  /** When the server created the cycle, in milliseconds since the epoch. */
  createdAt: number;
}

/** One revoked invite. */
export interface Revocation {
  /** The invite's id (the `i` of its token). */
  inviteId: string;
  /** When it was revoked, in milliseconds since the epoch. */
  revokedAt: number;
  /** Why, as the person who revoked it wrote it; null without one. */
  note: string | null;
}

/** Revocations stored after a point, and the point to ask from next time. */
export interface RevocationsAfter {
  revocations: Revocation[];
  /** Pass it to the next {@link Catalog.revocationsAfter}: only newer ones are given. */
  cursor: number;
}

/**
 * What the server knows beside the rooms' logs: which cycles exist (the cycle index, so
 * that only the server creates a cycle and the cycle list never loads a room) and which
 * invites are revoked. Kept in the same store as the rooms (SQLite, PostgreSQL, or
 * memory for tests); every implementation passes `tests/storage/catalog-contract.ts`.
 *
 * Contract:
 * - `addCycle` stores a cycle once: it resolves false, changing nothing, when the
 *   workspace already has that cycle.
 * - `updateCycle` changes the title and closing time of a cycle the index holds, and
 *   does nothing for one it does not.
 * - `cycles(workspace)` lists that workspace's cycles sorted by cycle name (ascending).
 * - `revoke` records an invite id once: false, changing nothing, when it already is.
 * - `revocationsAfter(cursor)` gives, in the order they were stored, every revocation
 *   stored after `cursor` (0: all), and a cursor past them; a revocation stored later,
 *   by this process or another sharing the store, comes with a later call. A recent one
 *   may be given again (PostgreSQL, where concurrent commits can land out of order):
 *   the caller ignores ids it knows.
 * - Everything survives closing and opening the store again (memory aside).
 */
export interface Catalog {
  addCycle(entry: CycleEntry): Promise<boolean>;
  updateCycle(
    workspace: string,
    cycle: string,
    state: { title: string; closedAt: string | null },
  ): Promise<void>;
  /** The cycle, or null when the server never created it. */
  cycle(workspace: string, cycle: string): Promise<CycleEntry | null>;
  cycles(workspace: string): Promise<CycleEntry[]>;
  /** Every cycle of every workspace as a room name (`<workspace>/<cycle>`), sorted. */
  roomNames(): Promise<string[]>;
  revoke(revocation: Revocation): Promise<boolean>;
  /** The invite's revocation, or null when it is not revoked. */
  revocation(inviteId: string): Promise<Revocation | null>;
  revocationsAfter(cursor: number): Promise<RevocationsAfter>;
  /** Releases the store; no method may be called afterwards. */
  close(): Promise<void>;
}

/** The room name of a cycle: `<workspace>/<cycle>`. */
export function roomOf(workspace: string, cycle: string): string {
  return `${workspace}/${cycle}`;
}

/** Sorts cycle entries by cycle name, ascending (UTF-16 code units, as every store). */
export function byCycle(a: CycleEntry, b: CycleEntry): number {
  return a.cycle < b.cycle ? -1 : a.cycle > b.cycle ? 1 : 0;
}
