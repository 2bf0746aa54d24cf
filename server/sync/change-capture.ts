import * as Y from 'yjs';

/** What a document's transactions changed while it was being recorded. */
export interface ChangeRecording {
  /**
   * Stops recording (again is harmless) and returns every update the document emitted
   * meanwhile, merged into one; null when nothing changed it (a duplicate, say).
   */
  stop(): Uint8Array | null;
}

/**
 * Starts recording what `doc` changes: a room stores and broadcasts exactly that, never the
 * update it was sent, so what it already held is neither stored twice nor sent back out.
 */
export function recordChanges(doc: Y.Doc): ChangeRecording {
  let changed: Uint8Array | null = null;
  const capture = (update: Uint8Array) => {
    changed = changed === null ? update : Y.mergeUpdates([changed, update]);
  };
  doc.on('update', capture);
  return {
    stop() {
      doc.off('update', capture);
      return changed;
    },
  };
}

/**
 * Applies `update` to `doc` as `origin` and returns what it changed (null when the document
 * already held all of it). Throws when the update does not apply; the document may then
 * hold part of it.
 */
export function applyRecorded(doc: Y.Doc, update: Uint8Array, origin: unknown): Uint8Array | null {
  const recording = recordChanges(doc);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    recording.stop();
  }
  return recording.stop();
}
