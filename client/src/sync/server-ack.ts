import type { WebsocketProvider } from 'y-websocket';
import {
  coversDocument,
  onDocUpdate,
  readStateVector,
  type CycleDoc,
} from '../../../shared/doc/index.ts';
import {
  MESSAGE_STATE_VECTOR,
  encodeStateVectorQuery,
  readStateVectorReply,
} from '../../../shared/protocol/messages.ts';

/** Tuning; the defaults are what the app uses. */
export interface ServerAckOptions {
  /** Ask the relay this long after the first unconfirmed local change (default 250 ms). */
  delayMs?: number;
}

type MessageHandler = WebsocketProvider['messageHandlers'][number];

/**
 * Does the server have my edits? Asks the relay for its state vector (Fulcrum's message
 * type 100, see shared/protocol/messages.ts) after each (re)sync and shortly after local
 * changes, and compares the answer with this browser's document. The relay answers a
 * query only after storing everything the connection sent before it, so `true` means
 * every change of this document is stored on the server.
 *
 * A local change makes it `false` at once (the last answer does not cover it, or there was
 * none yet); offline it stays so until the connection is back and the relay has answered.
 * Losing the connection turns `true` into `null`: nothing the relay said can be confirmed
 * until it answers again, so the page never claims the server has everything while
 * offline. Changes that only delete are not seen (see `hasEverything`); they reach the
 * server with the next sync.
 */
export class ServerAck {
  readonly #provider: WebsocketProvider;
  readonly #doc: CycleDoc;
  readonly #delayMs: number;
  readonly #listeners = new Set<(serverHasAll: boolean | null) => void>();
  readonly #previousHandler: MessageHandler | undefined;
  readonly #stop: () => void;
  readonly #onSync: (isSynced: boolean) => void;
  readonly #onStatus: (event: { status: string }) => void;
  #serverHasAll: boolean | null = null;
  /** The relay's last answer, its clocks by client; null until it answered once. */
  #serverClocks: ReadonlyMap<number, number> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #destroyed = false;

  constructor(provider: WebsocketProvider, doc: CycleDoc, options: ServerAckOptions = {}) {
    this.#provider = provider;
    this.#doc = doc;
    this.#delayMs = options.delayMs ?? 250;
    this.#previousHandler = provider.messageHandlers[MESSAGE_STATE_VECTOR];
    // The provider hands the handler a decoder over the whole frame.
    provider.messageHandlers[MESSAGE_STATE_VECTOR] = (_encoder, decoder) => {
      this.#receive(decoder.arr);
    };
    this.#stop = onDocUpdate(doc, (_update, origin) => {
      // What the relay sent is on the relay: nothing to confirm.
      if (origin === provider) return;
      // Compared with the answer read once, not decoded again on every keystroke.
      this.#set(this.#serverClocks !== null && coversDocument(doc, this.#serverClocks));
      this.#schedule();
    });
    this.#onSync = (isSynced) => {
      if (isSynced) this.#query();
    };
    provider.on('sync', this.#onSync);
    this.#onStatus = ({ status }) => {
      if (status !== 'connected' && this.#serverHasAll === true) this.#set(null);
    };
    provider.on('status', this.#onStatus);
    if (provider.synced) this.#query();
  }

  /**
   * True when the server has every change of this document, false when a local change is
   * not confirmed yet, null when unknown: before the first answer, or offline with no local
   * change since the last one.
   */
  get serverHasAll(): boolean | null {
    return this.#serverHasAll;
  }

  /** Calls `listener` whenever {@link serverHasAll} changes; returns the function that stops it. */
  onChange(listener: (serverHasAll: boolean | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops asking and listening; the provider and the document stay as they are. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#stop();
    this.#provider.off('sync', this.#onSync);
    this.#provider.off('status', this.#onStatus);
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const handlers = this.#provider.messageHandlers;
    if (this.#previousHandler) handlers[MESSAGE_STATE_VECTOR] = this.#previousHandler;
    else delete handlers[MESSAGE_STATE_VECTOR];
    this.#listeners.clear();
  }

  /** One query at most every `delayMs` while changes keep coming. */
  #schedule(): void {
    if (this.#timer !== null || this.#destroyed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#query();
    }, this.#delayMs);
  }

  /** Sends a query when the socket is open; otherwise the next sync asks. */
  #query(): void {
    const ws = this.#provider.ws;
    if (this.#destroyed || !this.#provider.wsconnected || !ws || ws.readyState !== ws.OPEN) {
      return;
    }
    // lib0 types its bytes over ArrayBufferLike; they are a plain ArrayBuffer's.
    ws.send(encodeStateVectorQuery() as Uint8Array<ArrayBuffer>);
  }

  #receive(frame: Uint8Array): void {
    if (this.#destroyed) return;
    let clocks: ReadonlyMap<number, number> | null;
    try {
      clocks = readStateVector(readStateVectorReply(frame));
      if (clocks === null) throw new Error('the state vector does not decode');
    } catch (error) {
      console.warn(
        `Fulcrum could not read the server's answer to "do you have my edits?": ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    this.#serverClocks = clocks;
    this.#set(coversDocument(this.#doc, clocks));
  }

  #set(proposed: boolean | null): void {
    // Only an open connection can confirm anything (a delete-only change offline would
    // otherwise read as confirmed by the last answer).
    const value = proposed === true && !this.#provider.wsconnected ? null : proposed;
    if (value === this.#serverHasAll) return;
    this.#serverHasAll = value;
    for (const listener of this.#listeners) listener(value);
  }
}
