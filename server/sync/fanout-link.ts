import * as Y from 'yjs';
import { errorMessage, type Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import type { Fanout, FanoutListener } from './fanout.ts';
import { SeqTracker } from './seq-tracker.ts';

/** How long a gap in the sequence numbers may last before the room reads the store. */
export const GAP_WAIT_MS = 300;

/** What the link needs of its room. */
export interface LinkedRoom {
  readonly name: string;
  /** True while the document is loaded (not being reloaded) and the room open. */
  isReady(): boolean;
  /** Runs `task` in turn with the room's frames. */
  enqueue(task: () => void | Promise<void>): void;
  /** Applies an update that is already stored and sends the peers what it changed. */
  applyStored(update: Uint8Array): void;
  /** Applies the other processes' awareness update (throws when it is malformed). */
  applyAwareness(update: Uint8Array): void;
}

/** Where the link reads and tells. */
export interface FanoutLinkOptions {
  storage: Storage;
  logger: Logger;
  /** The other relay processes sharing the store; none in the embedded default. */
  fanout?: Fanout;
}

/**
 * A room's place in the shared log: which stored sequence numbers its document holds, and
 * its link to the other relay processes holding the same room (scale-out). Updates this
 * room stored are told to the others; theirs are applied as they arrive, in any order,
 * and a gap that lasts, or a fan-out outage, is filled by reading the store. In the
 * embedded default (no fan-out) it only counts: every update is this process's own.
 */
export class FanoutLink {
  readonly #room: LinkedRoom;
  readonly #options: FanoutLinkOptions;
  /** The sequence numbers the document holds (others' updates may arrive out of order). */
  #seqs = new SeqTracker();
  #gapTimer: NodeJS.Timeout | null = null;
  #listener: FanoutListener | null = null;

  constructor(room: LinkedRoom, options: FanoutLinkOptions) {
    this.#room = room;
    this.#options = options;
  }

  /** Every update up to this number is in the document: what a snapshot may cover. */
  get contiguous(): number {
    return this.#seqs.contiguous;
  }

  /** The highest number the document holds. */
  get highest(): number {
    return this.#seqs.highest;
  }

  /**
   * Starts hearing the other processes; resolves once nothing they store afterwards can be
   * missed. Called before the room loads, so what is stored meanwhile is loaded or heard.
   */
  async subscribe(): Promise<void> {
    const fanout = this.#options.fanout;
    if (!fanout) return;
    const room = this.#room;
    const listener: FanoutListener = {
      // Already stored by another process: applied at once, not behind this room's own
      // appends, unless the document is being (re)loaded, when it waits for the load.
      update: (seq, update) => {
        if (!room.isReady()) {
          room.enqueue(() => this.#applyRemote(seq, update));
          return;
        }
        try {
          this.#applyRemote(seq, update);
        } catch (error) {
          this.#options.logger.error('fanout.update-failed', {
            room: room.name,
            seq,
            error: errorMessage(error),
          });
          room.enqueue(() => this.#catchUp('gap'));
        }
      },
      awareness: (update) =>
        room.enqueue(() => {
          try {
            room.applyAwareness(update);
          } catch (error) {
            this.#options.logger.warn('fanout.bad-awareness', {
              room: room.name,
              error: errorMessage(error),
            });
          }
        }),
      resync: () => room.enqueue(() => this.#catchUp('resync')),
    };
    this.#listener = listener;
    await fanout.subscribe(room.name, listener);
  }

  /** Stops hearing the other processes and waiting for gaps. */
  unsubscribe(): void {
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
    this.#gapTimer = null;
    if (this.#listener) this.#options.fanout?.unsubscribe(this.#room.name, this.#listener);
    this.#listener = null;
  }

  /** The document was (re)loaded from the store and holds every update up to `lastSeq`. */
  loaded(lastSeq: number): void {
    this.#seqs = new SeqTracker(lastSeq);
  }

  /** This room stored `change` as `seq`: the others hear of it only now, after the store. */
  stored(seq: number, change: Uint8Array): void {
    this.#seqs.add(seq);
    this.#options.fanout?.publishUpdate(this.#room.name, seq, change);
    this.#watchGap();
  }

  /** Tells the others of an awareness change made by this process's peers. */
  publishAwareness(update: Uint8Array): void {
    this.#options.fanout?.publishAwareness(this.#room.name, update);
  }

  /** An update another process stored: applied and sent to this process's peers. */
  #applyRemote(seq: number, update: Uint8Array): void {
    if (!this.#seqs.add(seq)) return;
    this.#room.applyStored(update);
    this.#watchGap();
  }

  /** A gap in the numbers that outlasts {@link GAP_WAIT_MS} is filled from the store. */
  #watchGap(): void {
    if (!this.#seqs.hasGap || this.#gapTimer || !this.#options.fanout) return;
    this.#gapTimer = setTimeout(() => {
      this.#gapTimer = null;
      this.#room.enqueue(() => (this.#seqs.hasGap ? this.#catchUp('gap') : undefined));
    }, GAP_WAIT_MS);
    this.#gapTimer.unref();
  }

  /** Reads the store and applies what the document lacks (after a gap or a fan-out outage). */
  async #catchUp(reason: 'gap' | 'resync'): Promise<void> {
    const name = this.#room.name;
    let stored;
    try {
      stored = await this.#options.storage.load(name);
    } catch (error) {
      this.#options.logger.error('room.catch-up-failed', {
        room: name,
        reason,
        error: errorMessage(error),
      });
      this.#watchGap();
      return;
    }
    const merged = stored.updates.length > 0 ? Y.mergeUpdates(stored.updates) : null;
    if (merged) this.#room.applyStored(merged);
    this.#seqs.reset(stored.lastSeq);
    this.#options.logger.info('room.caught-up', { room: name, reason, seq: stored.lastSeq });
  }
}
