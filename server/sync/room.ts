import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { isClosed } from '../../shared/doc/index.ts';
import { encodeStateVectorReply } from '../../shared/protocol/messages.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import { readAwarenessUpdate } from './awareness-update.ts';
import type { Fanout, FanoutListener } from './fanout.ts';
import {
  CLOSE,
  ProtocolError,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  readClientMessage,
  type ClientMessage,
} from './protocol.ts';
import { SeqTracker } from './seq-tracker.ts';

/** One connection as a room sees it; the websocket layer implements it. */
export interface Peer {
  /** Short id for logs. */
  readonly id: string;
  /** False for viewers: their document updates are dropped. */
  readonly canEdit: boolean;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Settings of a room. */
export interface RoomOptions {
  storage: Storage;
  logger: Logger;
  /** Compact the log into a snapshot after this many appended updates. */
  compactEvery: number;
  /** Called when the last peer has left and every queued frame is handled. */
  onEmpty(room: Room): void;
  /** The other relay processes sharing the store (scale-out); none in the embedded default. */
  fanout?: Fanout;
}

/** The origin of what another process sent: never one of this room's peers. */
const REMOTE = Symbol('another relay process');

/** How long a gap in the sequence numbers may last before the room reads the store. */
export const GAP_WAIT_MS = 300;

type Task = () => void | Promise<void>;

/**
 * One room (`<workspace>/<cycle>`): one Y.Doc loaded from storage, its peers and their
 * awareness. Every frame, join and leave goes through one queue, handled one at a time in
 * arrival order, and nothing is handled before the document is loaded. That gives the
 * invariants the relay rests on:
 * - an update is checked (it decodes and applies), appended to storage and only then
 *   broadcast; an update that fails is never stored, so the log always replays;
 * - the document never holds an update that is not stored: an update that throws half
 *   way, or that storage refuses, makes the room reload its document from storage;
 * - a peer's answer to its sync step 1 is computed from stored state only;
 * - a peer's state-vector query is answered after every frame it sent before it is
 *   stored, so the reply tells it whether the server holds all of its edits.
 */
export class Room {
  readonly name: string;
  #options: RoomOptions;
  #doc = new Y.Doc();
  #awareness: awarenessProtocol.Awareness;
  /** Each peer and the awareness client ids it owns (removed when it leaves). */
  #peers = new Map<Peer, Set<number>>();
  /** Peers this room closed: their remaining queued frames are dropped. */
  #refused = new WeakSet<Peer>();
  #queue: Task[] = [];
  #draining = false;
  #closed = false;
  /** The sequence numbers the document holds (others' updates may arrive out of order). */
  #seqs = new SeqTracker();
  #gapTimer: NodeJS.Timeout | null = null;
  /** The document is loaded and not being reloaded: others' stored updates apply at once. */
  #ready = false;
  #listener: FanoutListener | null = null;
  #sinceCompaction = 0;
  #holds = 0;
  #loaded: Promise<void>;

  constructor(name: string, options: RoomOptions) {
    this.name = name;
    this.#options = options;
    this.#awareness = this.#createAwareness();
    // The load is the first task: frames that arrive meanwhile wait behind it.
    let resolveLoaded!: () => void;
    let rejectLoaded!: (error: unknown) => void;
    this.#loaded = new Promise((resolve, reject) => {
      resolveLoaded = resolve;
      rejectLoaded = reject;
    });
    // read() may never be called: a failed load must not be an unhandled rejection.
    this.#loaded.catch(() => {});
    this.#enqueue(async () => {
      try {
        // Listen first: what another process stores meanwhile is in the load or heard.
        await this.#subscribe();
        await this.#load('loaded');
        resolveLoaded();
      } catch (error) {
        rejectLoaded(error);
        this.#fail(error);
      }
    });
  }

  /** Number of connected peers. */
  get peerCount(): number {
    return this.#peers.size;
  }

  /** True when nobody needs the room: no peers, no holds, nothing queued. */
  get isIdle(): boolean {
    return this.#peers.size === 0 && this.#holds === 0 && !this.#draining && !this.#queue.length;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Adds a peer; it gets the server's sync step 1 and the current awareness once loaded. */
  join(peer: Peer): void {
    this.#peers.set(peer, new Set());
    this.#enqueue(() => {
      if (!this.#peers.has(peer)) return;
      peer.send(encodeSyncStep1(Y.encodeStateVector(this.#doc)));
      const states = [...this.#awareness.getStates().keys()];
      if (states.length > 0) {
        peer.send(
          encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.#awareness, states)),
        );
      }
    });
  }

  /** Handles one binary frame from `peer`, after every frame queued before it. */
  receive(peer: Peer, frame: Uint8Array): void {
    this.#enqueue(() => this.#handle(peer, frame));
  }

  /**
   * Removes a peer whose connection closed; its awareness states are removed and the
   * removal broadcast at once (after the frames it sent before closing).
   */
  leave(peer: Peer): void {
    this.#enqueue(() => {
      const clients = this.#peers.get(peer);
      if (!clients) return;
      this.#peers.delete(peer);
      if (clients.size > 0) {
        awarenessProtocol.removeAwarenessStates(this.#awareness, [...clients], 'left');
      }
    });
  }

  /**
   * Runs `read` on the loaded document (for exports) while keeping the room loaded.
   * `read` must not write to the document.
   */
  async read<T>(read: (doc: Y.Doc) => T): Promise<T> {
    this.#holds++;
    try {
      await this.#loaded;
      return await new Promise<T>((resolve, reject) => {
        this.#enqueue(() => {
          try {
            resolve(read(this.#doc));
          } catch (error) {
            reject(error);
          }
        });
      });
    } finally {
      this.#holds--;
      if (this.isIdle) this.#options.onEmpty(this);
    }
  }

  /**
   * Runs a server-side command on the loaded document in turn with every frame: what it
   * writes is stored and only then broadcast to every peer, like a peer's update. A
   * command that throws writes nothing (the room reloads from storage if it had written
   * half way) and its error is returned to the caller.
   */
  async command<T>(write: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    this.#holds++;
    try {
      await this.#loaded;
      return await new Promise<T>((resolve, reject) => {
        this.#enqueue(async () => {
          const doc = this.#doc;
          let applied: Uint8Array | null = null;
          const capture = (change: Uint8Array) => {
            applied = applied === null ? change : Y.mergeUpdates([applied, change]);
          };
          doc.on('update', capture);
          let value: T;
          try {
            value = await write(doc);
          } catch (error) {
            doc.off('update', capture);
            if (applied !== null) await this.#reload();
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          doc.off('update', capture);
          if (applied !== null) {
            const change: Uint8Array = applied;
            try {
              await this.#store(change);
            } catch (error) {
              await this.#reload();
              reject(new Error(`the server could not store the change: ${errorMessage(error)}`));
              return;
            }
            const frame = encodeSyncUpdate(change);
            for (const peer of this.#peers.keys()) peer.send(frame);
          }
          resolve(value);
        });
      });
    } finally {
      this.#holds--;
      if (this.isIdle) this.#options.onEmpty(this);
    }
  }

  /**
   * Closes the room: handles and stores the frames queued so far (later ones are dropped:
   * their senders still hold them), writes a snapshot when updates were appended since the
   * last one, then closes the remaining peers with `code` and frees the document. So a
   * peer that sees the close has everything it sent before it stored.
   */
  async close(code: number = CLOSE.goingAway, reason = 'the room is closing'): Promise<void> {
    if (this.#closed) return;
    await new Promise<void>((resolve) => this.#enqueue(resolve));
    this.#closed = true;
    this.#queue.length = 0;
    this.#unsubscribe();
    if (this.#sinceCompaction > 0) await this.#compact();
    for (const peer of this.#peers.keys()) peer.close(code, reason);
    this.#peers.clear();
    this.#awareness.destroy();
    this.#doc.destroy();
    this.#options.logger.info('room.unloaded', { room: this.name, seq: this.#seqs.highest });
  }

  #enqueue(task: Task): void {
    if (this.#closed) return;
    this.#queue.push(task);
    if (!this.#draining) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const task = this.#queue.shift()!;
        try {
          await task();
        } catch (error) {
          // A bug in a handler must not stop the room: log it and go on with the next frame.
          this.#options.logger.error('room.task-failed', {
            room: this.name,
            error: errorMessage(error),
          });
        }
      }
    } finally {
      this.#draining = false;
    }
    if (!this.#closed && this.isIdle) this.#options.onEmpty(this);
  }

  async #load(event: 'loaded' | 'reloaded'): Promise<void> {
    this.#ready = false;
    const started = performance.now();
    const stored = await this.#options.storage.load(this.name);
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    // The old doc is dropped, not destroyed: destroying it would also destroy the awareness.
    this.#doc = doc;
    this.#seqs = new SeqTracker(stored.lastSeq);
    this.#ready = true;
    this.#sinceCompaction = Math.max(0, stored.updates.length - 1);
    this.#options.logger.info(`room.${event}`, {
      room: this.name,
      updates: stored.updates.length,
      seq: stored.lastSeq,
      ms: Math.round(performance.now() - started),
    });
    if (this.#sinceCompaction >= this.#options.compactEvery) await this.#compact();
  }

  async #reload(): Promise<void> {
    try {
      await this.#load('reloaded');
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Storage failed while (re)loading: close every peer (they reconnect) and the room. */
  #fail(error: unknown): void {
    this.#options.logger.error('room.load-failed', { room: this.name, error: errorMessage(error) });
    this.#closed = true;
    this.#queue.length = 0;
    this.#unsubscribe();
    for (const peer of this.#peers.keys()) {
      peer.close(CLOSE.internalError, 'the server could not load this room');
    }
    this.#peers.clear();
    this.#awareness.destroy();
    this.#options.onEmpty(this);
  }

  async #handle(peer: Peer, frame: Uint8Array): Promise<void> {
    if (!this.#peers.has(peer) || this.#refused.has(peer)) return;
    let message: ClientMessage;
    try {
      message = readClientMessage(frame);
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : 'malformed frame';
      this.#refuse(peer, CLOSE.protocolError, reason, frame.length);
      return;
    }
    switch (message.type) {
      case 'sync-step-1': {
        let diff: Uint8Array;
        try {
          diff = Y.encodeStateAsUpdate(this.#doc, message.stateVector);
        } catch (error) {
          this.#refuse(peer, CLOSE.invalidPayload, `bad state vector (${errorMessage(error)})`);
          return;
        }
        peer.send(encodeSyncStep2(diff));
        return;
      }
      case 'sync-step-2':
      case 'update':
        await this.#applyUpdate(peer, message.update);
        return;
      case 'awareness':
        this.#applyAwareness(peer, message.update);
        return;
      case 'query-awareness': {
        const states = [...this.#awareness.getStates().keys()];
        peer.send(
          encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.#awareness, states)),
        );
        return;
      }
      case 'state-vector-query':
        // Handled in turn like every frame: this peer's earlier updates are stored by now.
        peer.send(encodeStateVectorReply(Y.encodeStateVector(this.#doc)));
        return;
    }
  }

  async #applyUpdate(peer: Peer, update: Uint8Array): Promise<void> {
    if (!peer.canEdit) {
      // Viewers: never applied, stored or broadcast. Their client sends its state in
      // sync step 2 on every connect, so this is routine, not an attack.
      this.#options.logger.debug('update.dropped', { room: this.name, peer: peer.id });
      return;
    }
    if (isClosed(this.#doc)) {
      // A closed cycle is frozen: what was agreed can never change afterwards. Edits made
      // offline before the peer learned of it stay on that device only (its page says so).
      this.#options.logger.debug('update.dropped-closed', { room: this.name, peer: peer.id });
      return;
    }
    try {
      // Decoding first refuses a truncated or garbled update before any of it is applied.
      Y.decodeUpdate(update);
    } catch (error) {
      this.#refuse(peer, CLOSE.invalidPayload, `update does not decode (${errorMessage(error)})`);
      return;
    }
    let applied: Uint8Array | null = null;
    const capture = (change: Uint8Array) => {
      applied = applied === null ? change : Y.mergeUpdates([applied, change]);
    };
    const doc = this.#doc;
    doc.on('update', capture);
    try {
      Y.applyUpdate(doc, update, peer);
    } catch (error) {
      doc.off('update', capture);
      this.#refuse(peer, CLOSE.invalidPayload, `update does not apply (${errorMessage(error)})`);
      // Part of it may have been applied: rebuild the document from what is stored.
      await this.#reload();
      return;
    }
    doc.off('update', capture);
    // Only what changed the document is stored and broadcast: a duplicate changes nothing.
    if (applied === null) return;
    const change: Uint8Array = applied;
    try {
      await this.#store(change);
    } catch (error) {
      this.#options.logger.error('storage.append-failed', {
        room: this.name,
        error: errorMessage(error),
      });
      this.#refuse(peer, CLOSE.internalError, 'the server could not store the update');
      await this.#reload();
      return;
    }
    const frame = encodeSyncUpdate(change);
    for (const other of this.#peers.keys()) if (other !== peer) other.send(frame);
    if (this.#sinceCompaction >= this.#options.compactEvery) await this.#compact();
  }

  #applyAwareness(peer: Peer, update: Uint8Array): void {
    try {
      readAwarenessUpdate(update);
    } catch (error) {
      this.#refuse(peer, CLOSE.invalidPayload, `bad awareness update (${errorMessage(error)})`);
      return;
    }
    awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, peer);
  }

  #createAwareness(): awarenessProtocol.Awareness {
    const awareness = new awarenessProtocol.Awareness(this.#doc);
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
        const source = this.#peers.get(origin as Peer);
        if (source) {
          for (const id of [...added, ...updated]) {
            for (const owned of this.#peers.values()) if (owned !== source) owned.delete(id);
            source.add(id);
          }
          for (const id of removed) source.delete(id);
        }
        const changed = [...added, ...updated, ...removed];
        const update = awarenessProtocol.encodeAwarenessUpdate(awareness, changed);
        const frame = encodeAwareness(update);
        for (const other of this.#peers.keys()) if (other !== origin) other.send(frame);
        // What this process's peers changed goes to the other processes, never back.
        if (origin !== REMOTE) this.#options.fanout?.publishAwareness(this.name, update);
      },
    );
    return awareness;
  }

  async #compact(): Promise<void> {
    const started = performance.now();
    try {
      const snapshot = Y.encodeStateAsUpdate(this.#doc);
      // Only up to what the document surely holds: another process's update with a lower
      // number may still be on its way, and a snapshot must never cover what it lacks.
      const upTo = this.#seqs.contiguous;
      await this.#options.storage.compact(this.name, snapshot, upTo);
      this.#sinceCompaction = 0;
      this.#options.logger.info('room.compacted', {
        room: this.name,
        seq: upTo,
        bytes: snapshot.length,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      // The log is intact: compaction is retried after the next updates.
      this.#options.logger.error('storage.compact-failed', {
        room: this.name,
        error: errorMessage(error),
      });
    }
  }

  /**
   * Appends a change the document now holds, then tells the other processes: stored
   * before anyone else hears of it.
   */
  async #store(change: Uint8Array): Promise<void> {
    const seq = await this.#options.storage.append(this.name, change);
    this.#sinceCompaction++;
    this.#seqs.add(seq);
    this.#options.fanout?.publishUpdate(this.name, seq, change);
    this.#watchGap();
  }

  async #subscribe(): Promise<void> {
    const fanout = this.#options.fanout;
    if (!fanout) return;
    const listener: FanoutListener = {
      // Already stored by another process: applied at once, not behind this room's own
      // appends, unless the document is being (re)loaded, when it waits for the load.
      update: (seq, update) => {
        if (!this.#ready || this.#closed) {
          this.#enqueue(() => this.#applyRemote(seq, update));
          return;
        }
        try {
          this.#applyRemote(seq, update);
        } catch (error) {
          this.#options.logger.error('fanout.update-failed', {
            room: this.name,
            seq,
            error: errorMessage(error),
          });
          this.#enqueue(() => this.#catchUp('gap'));
        }
      },
      awareness: (update) =>
        this.#enqueue(() => {
          try {
            awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, REMOTE);
          } catch (error) {
            this.#options.logger.warn('fanout.bad-awareness', {
              room: this.name,
              error: errorMessage(error),
            });
          }
        }),
      resync: () => this.#enqueue(() => this.#catchUp('resync')),
    };
    this.#listener = listener;
    await fanout.subscribe(this.name, listener);
  }

  #unsubscribe(): void {
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
    this.#gapTimer = null;
    if (this.#listener) this.#options.fanout?.unsubscribe(this.name, this.#listener);
    this.#listener = null;
  }

  /** An update another process stored: applied and sent to this process's peers. */
  #applyRemote(seq: number, update: Uint8Array): void {
    if (!this.#seqs.add(seq)) return;
    this.#applyToPeers(update);
    this.#watchGap();
  }

  /** Applies what is already stored and sends the peers only what changed the document. */
  #applyToPeers(update: Uint8Array): void {
    let applied: Uint8Array | null = null;
    const capture = (change: Uint8Array) => {
      applied = applied === null ? change : Y.mergeUpdates([applied, change]);
    };
    this.#doc.on('update', capture);
    try {
      Y.applyUpdate(this.#doc, update, REMOTE);
    } finally {
      this.#doc.off('update', capture);
    }
    if (applied === null) return;
    const frame = encodeSyncUpdate(applied);
    for (const peer of this.#peers.keys()) peer.send(frame);
  }

  /** A gap in the numbers that outlasts {@link GAP_WAIT_MS} is filled from the store. */
  #watchGap(): void {
    if (!this.#seqs.hasGap || this.#gapTimer || !this.#options.fanout) return;
    this.#gapTimer = setTimeout(() => {
      this.#gapTimer = null;
      this.#enqueue(() => (this.#seqs.hasGap ? this.#catchUp('gap') : undefined));
    }, GAP_WAIT_MS);
    this.#gapTimer.unref();
  }

  /** Reads the store and applies what the document lacks (after a gap or a fan-out outage). */
  async #catchUp(reason: 'gap' | 'resync'): Promise<void> {
    let stored;
    try {
      stored = await this.#options.storage.load(this.name);
    } catch (error) {
      this.#options.logger.error('room.catch-up-failed', {
        room: this.name,
        reason,
        error: errorMessage(error),
      });
      this.#watchGap();
      return;
    }
    const merged = stored.updates.length > 0 ? Y.mergeUpdates(stored.updates) : null;
    if (merged) this.#applyToPeers(merged);
    this.#seqs.reset(stored.lastSeq);
    this.#options.logger.info('room.caught-up', { room: this.name, reason, seq: stored.lastSeq });
  }

  #refuse(peer: Peer, code: number, reason: string, bytes?: number): void {
    this.#refused.add(peer);
    this.#options.logger.warn('connection.refused-frame', {
      room: this.name,
      peer: peer.id,
      code,
      reason,
      bytes,
    });
    peer.close(code, truncateReason(reason));
  }
}

/** A close reason is limited to 123 bytes by the websocket protocol. */
export function truncateReason(reason: string): string {
  return Buffer.byteLength(reason) <= 123 ? reason : `${reason.slice(0, 110)}...`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
