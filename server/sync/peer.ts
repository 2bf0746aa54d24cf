import type { Actor } from '../../shared/policy/roles.ts';

/** One connection as a room sees it; the websocket layer implements it. */
export interface Peer {
  /** Short id for logs. */
  readonly id: string;
  /** Who is writing, as their invite says: each update is checked against the write policy. */
  readonly actor: Actor;
  /** The id of the invite it was admitted with: history attributes its updates to it. */
  readonly inviteId?: string;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}
