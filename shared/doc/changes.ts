import type * as Y from 'yjs';
import { WORK_COLLECTIONS, type RootArea } from './layout.ts';
import { isOwnOrigin } from './origins.ts';
import { changedTypes } from './transaction-roots.ts';
import { type CycleDoc, yDoc } from './cycle-doc.ts';

/**
 * What a view can watch for: the plan's inputs as one area, each work collection on its
 * own, and the meeting state. A change inside a record (a risk's title) counts for the
 * collection that holds it.
 */
export const CHANGE_AREAS: readonly RootArea[] = ['plan', 'meeting', 'cycle', ...WORK_COLLECTIONS];

/** An area of the document a view can watch (see {@link CHANGE_AREAS}). */
export type ChangeArea = RootArea;

/** A transaction as a view needs to know it. */
export interface DocChange {
  /** The areas whose data changed. */
  areas: Set<ChangeArea>;
  /** True when this peer's own command made the change (not a remote or stored update). */
  isLocal: boolean;
  /**
   * The records it touched, by root: record ids of a collection (`risks` → `risk-1`), and
   * for a grid the ids of its rows' families or resources (`demand` → `F1`).
   */
  touched: Map<string, Set<string>>;
}

/**
 * Calls `listener` after every transaction that changed something, with the areas it
 * touched. Returns the function that stops listening.
 */
export function onDocChange(doc: CycleDoc, listener: (change: DocChange) => void): () => void {
  const handler = (transaction: Y.Transaction) => {
    if (transaction.changed.size === 0) return;
    const areas = new Set<ChangeArea>();
    const touched = new Map<string, Set<string>>();
    for (const { root, rootName, recordId, depth, keys } of changedTypes(doc, transaction)) {
      if (!root) continue;
      areas.add(root.area);
      let ids = touched.get(rootName);
      if (!ids) touched.set(rootName, (ids = new Set()));
      if (depth > 0) {
        if (recordId) ids.add(recordId);
      } else {
        for (const key of keys) if (key !== null) ids.add(key.split('|')[0]);
      }
    }
    if (areas.size > 0) listener({ areas, isLocal: isOwnOrigin(transaction.origin), touched });
  };
  yDoc(doc).on('afterTransaction', handler);
  return () => yDoc(doc).off('afterTransaction', handler);
}
