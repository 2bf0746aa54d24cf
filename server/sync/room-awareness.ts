import * as v from 'valibot';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { presenceUserSchema } from '../../shared/schema/presence.ts';
import {
  readAwarenessUpdate,
  writeAwarenessUpdate,
  type AwarenessEntry,
} from './awareness-update.ts';
import type { Peer } from './peer.ts';
import { PRESENCE_LIMITS, isSamePerson, stampPresence } from './presence-stamp.ts';
import { encodeAwareness } from './protocol.ts';

/** The origin of what another process sent: never one of this room's peers. */
const REMOTE = Symbol('another relay process');

/**
 * Who is in a room and where (the awareness states of its peers' pages), and which peer
 * owns which awareness client id, so a peer that leaves takes its states with it. Every
 * change reaches the room's other peers, and what this process's peers changed also goes
 * to `publish` (the other relay processes), never what came from them.
 *
 * The relay is the authority on presence: a peer's state is stamped with the person its
 * invite names before anyone sees it (`stampPresence`), and a peer may change only the
 * client ids it owns (see {@link RoomAwareness.apply}).
 */
export class RoomAwareness {
  readonly #awareness: awarenessProtocol.Awareness;
  /** Each peer and the awareness client ids it owns (removed when it leaves). */
  readonly #owned = new Map<Peer, Set<number>>();

  constructor(doc: Y.Doc, publish: (update: Uint8Array) => void) {
    const awareness = new awarenessProtocol.Awareness(doc);
    this.#awareness = awareness;
    awareness.setLocalState(null);
    awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        // A client id belongs to the connection whose frame last changed its state (a
        // newer clock): after a reconnect the new socket owns it, so the old one closing
        // late removes nothing. Clients echo states they learn, but never with a newer
        // clock, so an echo changes nothing here.
        const source = this.#owned.get(origin as Peer);
        if (source) {
          for (const id of [...added, ...updated]) {
            for (const owned of this.#owned.values()) if (owned !== source) owned.delete(id);
            source.add(id);
          }
          for (const id of removed) source.delete(id);
        }
        const changed = [...added, ...updated, ...removed];
        const update = awarenessProtocol.encodeAwarenessUpdate(awareness, changed);
        const frame = encodeAwareness(update);
        for (const other of this.#owned.keys()) if (other !== origin) other.send(frame);
        // What this process's peers changed goes to the other processes, never back.
        if (origin !== REMOTE) publish(update);
      },
    );
  }

  /** True when some page's state is known. */
  get hasStates(): boolean {
    return this.#awareness.getStates().size > 0;
  }

  /** Every known state as one awareness frame (what a peer that joins or asks is sent). */
  encodeAll(): Uint8Array {
    const states = [...this.#awareness.getStates().keys()];
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.#awareness, states));
  }

  /** A peer joined: it hears every change from now on. */
  add(peer: Peer): void {
    this.#owned.set(peer, new Set());
  }

  /** A peer left: the states it owns are removed and the removal sent to the others. */
  remove(peer: Peer): void {
    const clients = this.#owned.get(peer);
    if (!clients) return;
    this.#owned.delete(peer);
    if (clients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.#awareness, [...clients], 'left');
    }
  }

  /**
   * Applies a peer's awareness update (already checked to decode), entry by entry:
   * - an entry whose clock is not newer than the known one changes nothing (pages echo
   *   what they learn) and is skipped;
   * - a client id owned by another connection is refused, unless that connection is the
   *   same person's (a page that reconnected before its old socket closed); so is one a
   *   relay process holds for a person other than this peer's;
   * - a new client id is claimed by the peer, up to `maxClientIds` at once;
   * - a removal (null state) counts only for a client id the peer owns;
   * - a state is stamped (`stampPresence`): `user` is the peer's invite, other fields
   *   kept only in their shape; one over `maxStateBytes` is refused.
   * What is kept is applied with its own clock, so every peer and process sees the
   * stamped state and later states of the page still read as newer. Returns how many
   * entries were refused.
   */
  apply(peer: Peer, update: Uint8Array): number {
    const owned = this.#owned.get(peer);
    if (!owned) return 0;
    const kept: { clientId: number; clock: number; state: unknown }[] = [];
    let refused = 0;
    let claims = owned.size;
    for (const entry of readAwarenessUpdate(update)) {
      if (!this.#isNewer(entry)) continue;
      if (entry.state === null) {
        if (owned.has(entry.clientId)) kept.push(entry);
        else refused++;
        continue;
      }
      const isOwn = owned.has(entry.clientId);
      if (
        !isOwn &&
        (!this.#mayTake(peer, entry.clientId) || claims >= PRESENCE_LIMITS.maxClientIds)
      ) {
        refused++;
        continue;
      }
      const stamped = stampPresence(entry.state, entry.bytes, peer.actor);
      if (!stamped.ok) {
        refused++;
        continue;
      }
      if (!isOwn) claims++;
      kept.push({ clientId: entry.clientId, clock: entry.clock, state: stamped.state });
    }
    if (kept.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(this.#awareness, writeAwarenessUpdate(kept), peer);
    }
    return refused;
  }

  /** True when `entry` would change the state y-protocols keeps (a newer clock, or a removal). */
  #isNewer(entry: AwarenessEntry): boolean {
    const known = this.#awareness.meta.get(entry.clientId)?.clock ?? 0;
    return (
      known < entry.clock ||
      (known === entry.clock && entry.state === null && this.#awareness.states.has(entry.clientId))
    );
  }

  /** True when `peer` may take a client id it does not own. */
  #mayTake(peer: Peer, clientId: number): boolean {
    for (const [other, ids] of this.#owned) {
      if (ids.has(clientId)) return isSamePerson(other.actor, peer.actor);
    }
    // Not owned here: a state another relay process holds is that process's peer's.
    const state = this.#awareness.states.get(clientId) as { user?: unknown } | undefined;
    if (state === undefined) return true;
    const user = v.safeParse(presenceUserSchema, state.user);
    return user.success && isSamePerson(user.output, peer.actor);
  }

  /** Applies the other processes' awareness update; throws when it is malformed. */
  applyRemote(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, REMOTE);
  }

  /** Forgets every peer and state. */
  destroy(): void {
    this.#owned.clear();
    this.#awareness.destroy();
  }
}
