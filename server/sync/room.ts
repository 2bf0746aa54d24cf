import * as Y from 'yjs';
import { checkUpdate } from '../../shared/policy/check-update.ts';
import {
  hasPendingParts,
  isClosed,
  upgradeDocument,
  type DecodedUpdate,
} from '../../shared/doc/index.ts';
import { PING_FRAME, encodeStateVectorReply, isPing } from '../../shared/protocol/messages.ts';
import { errorMessage, type Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import { summarizeChange, summarizeWrites, type ChangeSummary } from '../storage/change-summary.ts';
import { appendAttributed, serverAuthor, type HistoryNote } from '../storage/history.ts';
import { readAwarenessUpdate } from './awareness-update.ts';
import { applyRecorded, recordChanges } from './change-capture.ts';
import type { Fanout } from './fanout.ts';
import { FanoutLink } from './fanout-link.ts';
import type { Peer } from './peer.ts';
import type { Actor } from '../../shared/policy/roles.ts';
import {
  CLOSE,
  ProtocolError,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  readClientMessage,
  truncateReason,
  type ClientMessage,
} from './protocol.ts';
import { RoomAwareness } from './room-awareness.ts';
import { formatBytes } from './rate-limit.ts';
import { TaskQueue } from './task-queue.ts';

export type { Peer } from './peer.ts';
export { GAP_WAIT_MS } from './fanout-link.ts';

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
  /** Bytes per update and per room; none: unlimited. */
  limits?: RoomLimits;
}

/** How much a room accepts (`MAX_UPDATE_BYTES`, `MAX_ROOM_BYTES`). */
export interface RoomLimits {
  /** The largest update a peer may send. */
  maxUpdateBytes: number;
  /** The most the room may hold in storage; an update that would pass it is refused. */
  maxRoomBytes: number;
}

/**
 * One room (`<workspace>/<cycle>`): one Y.Doc loaded from storage, its peers and their
 * awareness. Every frame, join and leave goes through one queue, handled one at a time in
 * arrival order, and nothing is handled before the document is loaded. That gives the
 * invariants the relay rests on:
 * - an update is checked (it decodes, is within the size limits and applies whole, with
 *   no part left pending), appended to storage and only then broadcast; an update that
 *   fails is never stored, so the log always replays;
 * - the document never holds an update that is not stored: an update that throws half
 *   way, or that storage refuses, makes the room reload its document from storage;
 * - a peer's answer to its sync step 1 is computed from stored state only;
 * - a peer's state-vector query is answered after every frame it sent before it is
 *   stored, so the reply tells it whether the server holds all of its edits.
 * The one frame outside the queue is the liveness ping, which touches no state.
 *
 * The file reads in that order: the queue ({@link TaskQueue}), the document (load,
 * reload), the peers' frames, then store and broadcast. It stays one piece (over 400
 * lines) because those invariants hold only together: each step relies on the queue and
 * on the reload the others fall back to. The link to the other relay processes
 * (scale-out) is its {@link FanoutLink}; who is here and where, its {@link RoomAwareness}.
 */
export class Room {
  readonly name: string;
  #options: RoomOptions;
  #doc = new Y.Doc();
  #awareness: RoomAwareness;
  #link: FanoutLink;
  #peers = new Set<Peer>();
  /** Who wrote with each document client id (an invite, or a connection without one). */
  #clientOwners = new Map<number, string>();
  /** The client ids each author wrote with: the inverse of {@link #clientOwners}. */
  #clientsOf = new Map<string, Set<number>>();
  /** Peers this room closed: their remaining queued frames are dropped. */
  #refused = new WeakSet<Peer>();
  #queue: TaskQueue;
  #closed = false;
  /** The document is loaded and not being reloaded: others' stored updates apply at once. */
  #ready = false;
  #sinceCompaction = 0;
  /** Bytes the room holds in storage, as loaded and appended since (the room limit). */
  #storedBytes = 0;
  #holds = 0;
  #loaded: Promise<void>;
  /** The document encoded whole ({@link state}); dropped at each change to it. */
  #state: Uint8Array | null = null;

  constructor(name: string, options: RoomOptions) {
    this.name = name;
    this.#options = options;
    this.#queue = new TaskQueue({
      // A bug in a handler must not stop the room: log it and go on with the next frame.
      failed: (error) =>
        options.logger.error('room.task-failed', { room: name, error: errorMessage(error) }),
      drained: () => {
        if (!this.#closed && this.isIdle) options.onEmpty(this);
      },
    });
    this.#link = new FanoutLink(
      {
        name,
        isReady: () => this.#ready && !this.#closed,
        enqueue: (task) => this.#queue.push(task),
        applyStored: (update) => this.#applyStored(update),
        applyAwareness: (update) => this.#awareness.applyRemote(update),
      },
      options,
    );
    this.#awareness = new RoomAwareness(this.#doc, (update) => this.#link.publishAwareness(update));
    // The load is the first task: frames that arrive meanwhile wait behind it.
    this.#loaded = new Promise((resolve, reject) =>
      this.#queue.push(async () => {
        try {
          // Listen first: what another process stores meanwhile is in the load or heard.
          await this.#link.subscribe();
          await this.#load('loaded');
          resolve();
        } catch (error) {
          reject(error);
          this.#fail(error);
        }
      }),
    );
    // read() may never be called: a failed load must not be an unhandled rejection.
    this.#loaded.catch(() => {});
  }

  /** Number of connected peers. */
  get peerCount(): number {
    return this.#peers.size;
  }

  /** True when nobody needs the room: no peers, no holds, nothing queued. */
  get isIdle(): boolean {
    return this.#peers.size === 0 && this.#holds === 0 && this.#queue.isEmpty;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Adds a peer; it gets the server's sync step 1 and the current awareness once loaded. */
  join(peer: Peer): void {
    this.#peers.add(peer);
    this.#awareness.add(peer);
    this.#queue.push(() => {
      if (!this.#peers.has(peer)) return;
      peer.send(encodeSyncStep1(Y.encodeStateVector(this.#doc)));
      if (this.#awareness.hasStates) peer.send(this.#awareness.encodeAll());
    });
  }

  /** Handles one binary frame from `peer`, after every frame queued before it. */
  receive(peer: Peer, frame: Uint8Array): void {
    // A liveness ping reads and writes nothing: answered at once, so a long update or a
    // slow store ahead of it in the queue never reads as a lost network on the page.
    if (isPing(frame)) {
      if (this.#peers.has(peer) && !this.#refused.has(peer)) peer.send(PING_FRAME);
      return;
    }
    this.#queue.push(() => this.#handle(peer, frame));
  }

  /**
   * Removes a peer whose connection closed; its awareness states are removed and the
   * removal broadcast at once (after the frames it sent before closing).
   */
  leave(peer: Peer): void {
    this.#queue.push(() => {
      if (!this.#peers.delete(peer)) return;
      this.#awareness.remove(peer);
    });
  }

  /**
   * Runs `read` on the loaded document (for exports) while keeping the room loaded.
   * `read` must not write to the document.
   */
  async read<T>(read: (doc: Y.Doc) => T): Promise<T> {
    return this.#inTurn(() => read(this.#doc));
  }

  /**
   * The whole document as one update (what a first sync sends), encoded once per change
   * to it: first visits in a row, before a meeting, cost one encoding. Keeps the room
   * loaded meanwhile.
   */
  async state(): Promise<Uint8Array> {
    return this.#inTurn(() => (this.#state ??= Y.encodeStateAsUpdate(this.#doc)));
  }

  /**
   * Runs a server-side command on the loaded document in turn with every frame: what it
   * writes is stored and only then broadcast to every peer, like a peer's update. A
   * command that throws writes nothing (the room reloads from storage if it had written
   * half way) and its error is returned to the caller. History attributes the change to
   * the server, `via` saying what wrote it (`import`, `next-cycle`...).
   */
  async command<T>(write: (doc: Y.Doc) => T | Promise<T>, via = 'server'): Promise<T> {
    return this.#inTurn(async () => {
      const recording = recordChanges(this.#doc);
      let value: T;
      try {
        value = await write(this.#doc);
      } catch (error) {
        if (recording.stop() !== null) await this.#reload();
        throw error instanceof Error ? error : new Error(String(error));
      }
      const change = recording.stop();
      if (change !== null) {
        try {
          await this.#store(change, { author: serverAuthor(via), connection: null });
        } catch (error) {
          await this.#reload();
          throw new Error(`the server could not store the change: ${errorMessage(error)}`, {
            cause: error,
          });
        }
        this.#broadcast(encodeSyncUpdate(change));
      }
      return value;
    });
  }

  /**
   * Closes the room: handles and stores the frames queued so far (later ones are dropped:
   * their senders still hold them), writes a snapshot when updates were appended since the
   * last one, then closes the remaining peers with `code` and frees the document. So a
   * peer that sees the close has everything it sent before it stored.
   */
  async close(code: number = CLOSE.goingAway, reason = 'the room is closing'): Promise<void> {
    if (this.#closed) return;
    await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#closed = true;
    this.#queue.stop();
    this.#link.unsubscribe();
    if (this.#sinceCompaction > 0) await this.#compact();
    for (const peer of this.#peers) peer.close(code, reason);
    this.#peers.clear();
    this.#awareness.destroy();
    this.#doc.destroy();
    this.#options.logger.info('room.unloaded', { room: this.name, seq: this.#link.highest });
  }

  /**
   * Runs `task` once the document is loaded, in turn with every frame, keeping the room
   * loaded meanwhile; resolves or rejects with the task.
   */
  async #inTurn<T>(task: () => T | Promise<T>): Promise<T> {
    this.#holds++;
    try {
      await this.#loaded;
      return await new Promise<T>((resolve, reject) => {
        this.#queue.push(async () => {
          try {
            resolve(await task());
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
    // A room compacted to one snapshot is already its state: a first visit after a load
    // is sent those bytes, not a new encoding of them.
    this.#state = stored.updates.length === 1 ? stored.updates[0] : null;
    doc.on('update', () => (this.#state = null));
    this.#link.loaded(stored.lastSeq);
    this.#ready = true;
    this.#sinceCompaction = Math.max(0, stored.updates.length - 1);
    this.#storedBytes = stored.updates.reduce((sum, update) => sum + update.length, 0);
    await this.#upgrade();
    this.#options.logger.info(`room.${event}`, {
      room: this.name,
      updates: stored.updates.length,
      seq: stored.lastSeq,
      ms: Math.round(performance.now() - started),
    });
    if (this.#sinceCompaction >= this.#options.compactEvery) await this.#compact();
  }

  /**
   * Brings a document an older version wrote up to this one's layout (shared/doc
   * migrations), stored as the server's change before any peer syncs: only the server
   * upgrades, since a person may not have the right to write what an upgrade rewrites.
   */
  async #upgrade(): Promise<void> {
    const recording = recordChanges(this.#doc);
    const mode = upgradeDocument(this.#doc);
    const change = recording.stop();
    if (!mode.writable) {
      this.#options.logger.warn('room.not-upgraded', { room: this.name, reason: mode.reason });
    }
    if (change === null) return;
    await this.#store(change, { author: serverAuthor('upgrade'), connection: null });
    this.#options.logger.info('room.upgraded', { room: this.name, bytes: change.length });
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
    this.#queue.stop();
    this.#link.unsubscribe();
    for (const peer of this.#peers) {
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
      case 'query-awareness':
        peer.send(this.#awareness.encodeAll());
        return;
      case 'state-vector-query':
        // Handled in turn like every frame: this peer's earlier updates are stored by now.
        peer.send(encodeStateVectorReply(Y.encodeStateVector(this.#doc)));
        return;
    }
  }

  /**
   * The peer's actor with the client ids their own pages wrote with: those this room saw
   * from the same invite, and those this update starts (the document holds nothing of
   * them yet). A client id writes for one person only, so no one can claim another's
   * records, or the server's, as their own drafts.
   */
  #actorOf(peer: Peer, decoded: DecodedUpdate): Actor {
    const known = this.#clientsOf.get(authorOf(peer));
    let own: Set<number> | undefined;
    for (const struct of decoded.structs) {
      const id = struct.id.client;
      if (known?.has(id) || own?.has(id)) continue;
      if (!this.#clientOwners.has(id) && Y.getState(this.#doc.store, id) === 0) {
        // Copied only when the update starts a client id: most updates start none.
        own ??= new Set(known);
        own.add(id);
      }
    }
    return { ...peer.actor, ownClients: own ?? known ?? new Set() };
  }

  /** Records that `author` wrote with these client ids. */
  #claim(author: string, ids: Iterable<number>): void {
    let mine = this.#clientsOf.get(author);
    if (!mine) this.#clientsOf.set(author, (mine = new Set()));
    for (const id of ids) {
      if (this.#clientOwners.has(id)) continue;
      this.#clientOwners.set(id, author);
      mine.add(id);
    }
  }

  async #applyUpdate(peer: Peer, update: Uint8Array): Promise<void> {
    if (isClosed(this.#doc)) {
      // A closed cycle is frozen: what was agreed can never change afterwards. Edits made
      // offline before the peer learned of it stay on that device only (its page says so).
      this.#options.logger.debug('update.dropped-closed', { room: this.name, peer: peer.id });
      return;
    }
    const limits = this.#options.limits;
    if (limits && update.length > limits.maxUpdateBytes) {
      const size = formatBytes(update.length);
      const limit = formatBytes(limits.maxUpdateBytes);
      this.#refuse(peer, CLOSE.tooLarge, `this change is ${size}; the limit is ${limit}`);
      return;
    }
    let decoded: DecodedUpdate;
    try {
      // Decoding first refuses a truncated or garbled update before any of it is applied.
      decoded = Y.decodeUpdate(update);
    } catch (error) {
      this.#refuse(peer, CLOSE.invalidPayload, `update does not decode (${errorMessage(error)})`);
      return;
    }
    // Every write is checked against the write policy before any of it is applied. Yjs
    // would keep an update that builds on changes it lacks, waiting for them, and they may
    // never come: such an update is refused too (incomplete), so the client resends.
    const actor = this.#actorOf(peer, decoded);
    const verdict = checkUpdate(this.#doc, decoded, actor);
    if (!verdict.ok) {
      if ('incomplete' in verdict) {
        this.#refuse(
          peer,
          CLOSE.invalidPayload,
          `update cannot be applied whole: ${verdict.reason}`,
        );
      } else this.#refuse(peer, CLOSE.forbidden, `this change was refused: ${verdict.reason}`);
      return;
    }
    let change: Uint8Array | null;
    try {
      change = applyRecorded(this.#doc, update, peer);
    } catch (error) {
      this.#refuse(peer, CLOSE.invalidPayload, `update does not apply (${errorMessage(error)})`);
      // Part of it may have been applied: rebuild the document from what is stored.
      await this.#reload();
      return;
    }
    if (hasPendingParts(this.#doc)) {
      // The check above missed a dependency: nothing of it may stay in the document.
      this.#refuse(peer, CLOSE.invalidPayload, 'update cannot be applied whole');
      await this.#reload();
      return;
    }
    this.#claim(authorOf(peer), actor.ownClients ?? []);
    // Only what changed the document is stored and broadcast: a duplicate changes nothing.
    if (change === null) return;
    if (limits && this.#storedBytes + change.length > limits.maxRoomBytes) {
      const limit = formatBytes(limits.maxRoomBytes);
      this.#refuse(peer, CLOSE.tooLarge, `this cycle is full: it may hold ${limit} of changes`);
      await this.#reload();
      return;
    }
    try {
      await this.#store(
        change,
        {
          author: {
            inviteId: peer.inviteId ?? null,
            name: peer.actor.name,
            role: peer.actor.role,
            via: null,
          },
          connection: peer.id,
        },
        summarizeWrites(verdict.writes),
      );
    } catch (error) {
      this.#options.logger.error('storage.append-failed', {
        room: this.name,
        error: errorMessage(error),
      });
      this.#refuse(peer, CLOSE.internalError, 'the server could not store the update');
      await this.#reload();
      return;
    }
    this.#broadcast(encodeSyncUpdate(change), peer);
    if (this.#sinceCompaction >= this.#options.compactEvery) await this.#compact();
  }

  #applyAwareness(peer: Peer, update: Uint8Array): void {
    try {
      readAwarenessUpdate(update);
    } catch (error) {
      this.#refuse(peer, CLOSE.invalidPayload, `bad awareness update (${errorMessage(error)})`);
      return;
    }
    this.#awareness.apply(peer, update);
  }

  async #compact(): Promise<void> {
    const started = performance.now();
    try {
      const snapshot = Y.encodeStateAsUpdate(this.#doc);
      // Only up to what the document surely holds: another process's update with a lower
      // number may still be on its way, and a snapshot must never cover what it lacks.
      const upTo = this.#link.contiguous;
      await this.#options.storage.compact(this.name, snapshot, upTo);
      this.#sinceCompaction = 0;
      // Updates past `upTo` stay in the log too; they are few, and counted again at a load.
      this.#storedBytes = snapshot.length;
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
   * Appends a change the document now holds, with who made it and what it touched for
   * history, then tells the other processes: stored before anyone else hears of it.
   */
  /**
   * Stores a change with who made it and what it touched: `summary` when the caller read
   * it already (a person's update, from the write check), else read from the change.
   */
  async #store(
    change: Uint8Array,
    by: Pick<HistoryNote, 'author' | 'connection'>,
    summary: ChangeSummary = summarizeChange(this.#doc, change),
  ): Promise<void> {
    const note: HistoryNote = { ...by, ...summary };
    const seq = await appendAttributed(this.#options.storage, this.name, change, note);
    this.#sinceCompaction++;
    this.#storedBytes += change.length;
    this.#link.stored(seq, change);
  }

  /** Applies an update that is already stored and sends the peers only what it changed. */
  #applyStored(update: Uint8Array): void {
    const change = applyRecorded(this.#doc, update, this.#link);
    this.#storedBytes += update.length;
    if (change !== null) this.#broadcast(encodeSyncUpdate(change));
  }

  /** Sends `frame` to every peer but `except` (the one it came from). */
  #broadcast(frame: Uint8Array, except?: Peer): void {
    for (const peer of this.#peers) if (peer !== except) peer.send(frame);
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

/** Whom a peer writes for: their invite, or the connection when it has none. */
function authorOf(peer: Peer): string {
  return peer.inviteId ?? `connection:${peer.id}`;
}
