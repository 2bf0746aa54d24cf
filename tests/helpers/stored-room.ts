import * as Y from 'yjs';
import type { Storage } from '../../server/storage/storage.ts';

/** A new document with `updates` applied in order. */
export function replay(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** The room as `storage` holds it now, as a new document (the caller destroys it). */
export async function storedDoc(storage: Storage, room: string): Promise<Y.Doc> {
  return replay((await storage.load(room)).updates);
}

/**
 * Reads the room from `storage` every 20 ms until `done` holds for it, and resolves with
 * that document; fails naming `what` after `timeoutMs`.
 */
export async function waitForStored(
  storage: Storage,
  room: string,
  what: string,
  done: (doc: Y.Doc) => boolean,
  timeoutMs = 10_000,
): Promise<Y.Doc> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const doc = await storedDoc(storage, room);
    if (done(doc)) return doc;
    doc.destroy();
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
