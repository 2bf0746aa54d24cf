import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Peer } from './peer.ts';
import { encodeAwareness } from './protocol.ts';

/** The origin of what another process sent: never one of this room's peers. */
const REMOTE = Symbol('another relay process');

/**
 * Who is in a room and where (the awareness states of its peers' pages), and which peer
 * owns which awareness client id, so a peer that leaves takes its states with it. Every
 * change reaches the room's other peers, and what this process's peers changed also goes
 * to `publish` (the other relay processes), never what came from them.
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

  /** Applies a peer's awareness update (already checked to decode). */
  apply(peer: Peer, update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, peer);
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
