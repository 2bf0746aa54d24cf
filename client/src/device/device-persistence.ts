import {
  applyDocUpdate,
  DEVICE_ORIGIN,
  encodeDocState,
  encodeDocStateVector,
  mergeDocUpdates,
  onDocUpdate,
  originKind,
  type CycleDoc,
} from '../../../shared/doc/index.ts';
import type { Storage } from '../../../shared/protocol/storage.ts';
import { DeviceStorageError } from './device-storage-error.ts';

/** Re-exported: where this store's own updates are recognised (shared/doc/origins.ts). */
export { DEVICE_ORIGIN };

/** What a person needs to know about the device copy of the cycle. */
export interface PersistenceStatus {
  /** Updates waiting to be stored on this device (0 when everything is saved here). */
  readonly pending: number;
  /** When an update was last stored here (ms since 1970); null before the first. */
  readonly savedAt: number | null;
  /** Why the last write failed, in the person's words; null once a write succeeds again. */
  readonly error: string | null;
}

/** Tuning; the defaults are what the app uses. */
export interface DevicePersistenceOptions {
  /** Compact the room's log into one snapshot after this many appends (default 100). */
  compactEvery?: number;
  /** Retry a failed write after this many milliseconds if no new edit comes first (3000). */
  retryMs?: number;
}

/**
 * Keeps a cycle's document on this device: loads what the device holds into the
 * document, then stores every later change of it, one at a time, in order. Nothing is
 * dropped: a write that fails stays queued in memory, is shown in
 * {@link PersistenceStatus.error}, and is retried on the next change or after
 * `retryMs`.
 *
 * Every `compactEvery` appends the room's log is folded into one snapshot. Two tabs of
 * one browser share the store and may each have written updates the other's document
 * lacks, so the snapshot is the merge of this document AND everything loaded from the
 * store up to the sequence number it replaces: no tab's update is ever lost.
 */
export class DevicePersistence {
  readonly room: string;
  readonly #storage: Storage;
  readonly #doc: CycleDoc;
  readonly #compactEvery: number;
  readonly #retryMs: number;
  readonly #queue: Uint8Array[] = [];
  readonly #listeners = new Set<(status: PersistenceStatus) => void>();
  #idle: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #status: PersistenceStatus = { pending: 0, savedAt: null, error: null };
  #stop: () => void;
  #loaded = false;
  #working = false;
  #destroyed = false;
  #sinceCompaction = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #draining: Promise<void> = Promise.resolve();

  private constructor(
    storage: Storage,
    room: string,
    doc: CycleDoc,
    options: DevicePersistenceOptions,
  ) {
    this.room = room;
    this.#storage = storage;
    this.#doc = doc;
    this.#compactEvery = options.compactEvery ?? 100;
    this.#retryMs = options.retryMs ?? 3000;
    // Listening starts before the load: a change made meanwhile is queued, not missed.
    this.#stop = this.#listen();
  }

  #listen(): () => void {
    return onDocUpdate(this.#doc, (update, origin) => {
      if (originKind(origin) === 'device') return;
      this.#keep(update);
    });
  }

  #keep(update: Uint8Array): void {
    this.#queue.push(update);
    this.#changed();
    this.#kick();
  }

  /**
   * Applies a whole state the server sent (the cycle on a first visit, when this device
   * holds none of it; at any time, even while the device's copy loads) and stores those
   * very bytes (a destroyed store only applies them). The document is not listened to while
   * it applies, so Yjs does not encode the same megabytes a second time for this store.
   */
  adopt(state: Uint8Array, origin: unknown): void {
    if (this.#destroyed) {
      applyDocUpdate(this.#doc, state, origin);
      return;
    }
    this.#stop();
    try {
      applyDocUpdate(this.#doc, state, origin);
    } finally {
      this.#stop = this.#listen();
    }
    this.#keep(state);
  }

  /**
   * Applies what this device holds of `room` to `doc` (origin {@link DEVICE_ORIGIN}) and
   * from then on stores each of its changes. Content the document had before is stored
   * too. Throws (a `DeviceStorageError` from the device store) when the saved copy cannot
   * be read; nothing is then attached to the document.
   */
  static async open(
    storage: Storage,
    room: string,
    doc: CycleDoc,
    options: DevicePersistenceOptions = {},
  ): Promise<DevicePersistence> {
    const { persistence, loaded } = DevicePersistence.start(storage, room, doc, options);
    await loaded;
    return persistence;
  }

  /**
   * {@link open}, with the store at hand before the device's copy has loaded, so a state
   * that arrives meanwhile can be {@link adopt}ed at once. `loaded` rejects as `open` does
   * (the store is then destroyed: {@link adopt} still applies to the document).
   *
   * `holds` is the one update the document was built from, when it was (an invite's first
   * visit builds it from the server's state): stored as it is, so Yjs does not encode the
   * same megabytes again.
   */
  static start(
    storage: Storage,
    room: string,
    doc: CycleDoc,
    options: DevicePersistenceOptions & { holds?: Uint8Array } = {},
  ): { persistence: DevicePersistence; loaded: Promise<void> } {
    const persistence = new DevicePersistence(storage, room, doc, options);
    if (options.holds) persistence.#queue.push(options.holds);
    // An empty document's state vector is one byte: zero clients.
    else if (encodeDocStateVector(doc).length > 1) {
      persistence.#queue.push(encodeDocState(doc));
    }
    const loaded = persistence.#load().catch((error: unknown) => {
      persistence.destroy();
      throw error;
    });
    return { persistence, loaded };
  }

  /** The device copy's state now; a new object after every change. */
  get status(): PersistenceStatus {
    return this.#status;
  }

  /** Calls `listener` after every change of {@link status}; returns the function that stops it. */
  onStatus(listener: (status: PersistenceStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Resolves when every change so far is stored on this device (and a compaction under
   * way has ended). While the store keeps failing it waits: nothing pending is dropped.
   * Rejects if {@link destroy} is called with changes still unsaved.
   */
  flush(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => this.#idle.push({ resolve, reject }));
  }

  /**
   * Stops storing changes of the document. Changes still pending are not written (call
   * {@link flush} first to keep them); the store itself stays open for others.
   */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#stop();
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const waiting = this.#idle.splice(0);
    if (waiting.length > 0) {
      const lost = new Error(
        `${this.#queue.length} changes of ${this.room} were not saved on this device: it was closed before they were stored`,
      );
      for (const waiter of waiting) waiter.reject(lost);
    }
    this.#listeners.clear();
  }

  async #load(): Promise<void> {
    const stored = await this.#storage.load(this.room);
    if (stored.updates.length > 0) {
      let merged: Uint8Array;
      try {
        merged = mergeDocUpdates(stored.updates);
        applyDocUpdate(this.#doc, merged, DEVICE_ORIGIN);
      } catch (error) {
        throw new DeviceStorageError(
          'failed',
          `The copy of ${this.room} kept on this device is damaged and could not be read (${errorText(error)}); it opens from the server instead.`,
          { cause: error },
        );
      }
    }
    // The first entry may be a snapshot; every other one is an append since.
    this.#sinceCompaction = Math.max(0, stored.updates.length - 1);
    this.#loaded = true;
    if (this.#sinceCompaction >= this.#compactEvery || this.#queue.length > 0) this.#kick();
  }

  /**
   * Resolves once no write is under way: after {@link destroy}, nothing more reaches the
   * store after this (so the room's copy can be removed).
   */
  async settled(): Promise<void> {
    await this.#draining;
  }

  #kick(): void {
    if (this.#working || this.#destroyed || !this.#loaded) return;
    this.#draining = this.#drain();
  }

  /** Writes the queue one update at a time, in order; stops at the first failure. */
  async #drain(): Promise<void> {
    this.#working = true;
    try {
      if (this.#sinceCompaction >= this.#compactEvery) await this.#compact();
      while (this.#queue.length > 0 && !this.#destroyed) {
        try {
          await this.#storage.append(this.room, this.#queue[0]);
        } catch (error) {
          this.#fail(error, `save an edit of ${this.room}`);
          return;
        }
        this.#queue.shift();
        this.#sinceCompaction++;
        this.#changed({ savedAt: Date.now(), error: null });
        if (this.#sinceCompaction >= this.#compactEvery) await this.#compact();
      }
    } finally {
      this.#working = false;
      if (this.#isIdle()) for (const waiter of this.#idle.splice(0)) waiter.resolve();
    }
  }

  /**
   * Folds the log into one snapshot: this document merged with everything the store
   * holds up to its last sequence number, which may include other tabs' updates that
   * this document never saw. Updates appended after that number stay.
   */
  async #compact(): Promise<void> {
    try {
      const stored = await this.#storage.load(this.room);
      const snapshot = mergeDocUpdates([...stored.updates, encodeDocState(this.#doc)]);
      await this.#storage.compact(this.room, snapshot, stored.lastSeq);
      this.#sinceCompaction = 0;
    } catch (error) {
      // The log is intact; the next append tries again.
      this.#fail(error, `compact its saved copy of ${this.room}`);
    }
  }

  #fail(error: unknown, action: string): void {
    const message =
      error instanceof DeviceStorageError
        ? error.message
        : `This device could not ${action} (${errorText(error)}); your edits are still being sent to the server while you are online.`;
    this.#changed({ error: message });
    if (this.#retryTimer === null && !this.#destroyed) {
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        this.#kick();
      }, this.#retryMs);
    }
  }

  #isIdle(): boolean {
    return this.#loaded && !this.#working && this.#queue.length === 0;
  }

  #changed(change: Partial<PersistenceStatus> = {}): void {
    if (this.#destroyed) return;
    this.#status = { ...this.#status, ...change, pending: this.#queue.length };
    for (const listener of this.#listeners) listener(this.#status);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
