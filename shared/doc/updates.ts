import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

import { type CycleDoc, yDoc } from './cycle-doc.ts';

export type { CycleDoc } from './cycle-doc.ts';

/**
 * A fresh, empty cycle document. Garbage collection is on: deleted content is dropped
 * and only its ids are kept, which keeps a long-lived cycle small (nothing here needs
 * the history of deleted content: no snapshots of old versions are taken).
 */
export function createCycleDoc(): CycleDoc {
  return new Y.Doc({ gc: true });
}

/**
 * A cycle document rebuilt from stored updates, applied in one transaction (listeners,
 * were there any, hear of it once). Throws on an update that does not decode.
 */
export function docFromUpdates(updates: readonly Uint8Array[]): CycleDoc {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

/** True while no one has written to the document: a room no one has set up. */
export function isEmptyDoc(doc: CycleDoc): boolean {
  return yDoc(doc).store.clients.size === 0;
}

/**
 * The Y.Doc behind a cycle document, for the sync provider (y-websocket), which reads
 * and writes it as Yjs does. The one way out of shared/doc to the Y.Doc: everything
 * else goes through the named commands and readers.
 */
export function providerDoc(doc: CycleDoc): Y.Doc {
  return yDoc(doc);
}

/**
 * Applies an update (from storage or the network) to the document. `origin` is passed to
 * every update listener, so a listener can tell the update's source: the device store
 * uses it to not store again what it has just loaded. Throws on an update that does not
 * decode.
 */
export function applyDocUpdate(doc: CycleDoc, update: Uint8Array, origin: unknown): void {
  Y.applyUpdate(yDoc(doc), update, origin);
}

/** The document's whole state as one update: applied to an empty document, it rebuilds it. */
export function encodeDocState(doc: CycleDoc): Uint8Array {
  return Y.encodeStateAsUpdate(yDoc(doc));
}

/** The document's state vector: for each client that wrote to it, how many changes it has. */
export function encodeDocStateVector(doc: CycleDoc): Uint8Array {
  return Y.encodeStateVector(yDoc(doc));
}

/**
 * Merges updates into one that has the effect of applying them all (in any order). No
 * document is needed; duplicates and overlaps are fine. Throws on an update that does
 * not decode.
 */
export function mergeDocUpdates(updates: Uint8Array[]): Uint8Array {
  return Y.mergeUpdates(updates);
}

/**
 * Calls `listener` with every change made to the document after this call (each local
 * transaction, each applied update that changed something), with the transaction's
 * origin. Returns the function that stops it.
 */
export function onDocUpdate(
  doc: CycleDoc,
  listener: (update: Uint8Array, origin: unknown) => void,
): () => void {
  const handler = (update: Uint8Array, origin: unknown) => listener(update, origin);
  yDoc(doc).on('update', handler);
  return () => yDoc(doc).off('update', handler);
}

/**
 * True when a peer whose state vector is `remoteStateVector` (for example the relay's)
 * has every change this document has: for each client in this document's state vector,
 * the remote clock is at least this document's. False when `remoteStateVector` does not
 * decode (garbled, truncated or with trailing bytes).
 *
 * A state vector counts inserted content only: a change that only deletes (removing a
 * record, with no new value) leaves it unchanged, so it is not seen here. Such a change
 * still reaches the relay with the next sync, which always sends the whole delete set.
 */
export function hasEverything(doc: CycleDoc, remoteStateVector: Uint8Array): boolean {
  const remote = readStateVector(remoteStateVector);
  return remote !== null && coversDocument(doc, remote);
}

/**
 * {@link hasEverything} with the remote state vector already read (`readStateVector`):
 * reads this document's clocks where they are kept, without encoding its state vector,
 * so it can run on every edit.
 */
export function coversDocument(doc: CycleDoc, remote: ReadonlyMap<number, number>): boolean {
  const store = yDoc(doc).store;
  for (const client of store.clients.keys()) {
    if ((remote.get(client) ?? 0) < Y.getState(store, client)) return false;
  }
  return true;
}

/** A state vector's clocks by client, or null when the bytes are not exactly a state vector. */
export function readStateVector(bytes: Uint8Array): Map<number, number> | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const clocks = new Map<number, number>();
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder);
      clocks.set(client, decoding.readVarUint(decoder));
    }
    return decoding.hasContent(decoder) ? null : clocks;
  } catch {
    return null;
  }
}
