import type * as Y from 'yjs';
import { collection, COLLECTIONS, meetingMap, metaMap, readFields } from './layout.ts';

/** A plain copy of a collection: records by id, fields by name, keys sorted. */
export type CollectionSnapshot = Record<string, Record<string, unknown>>;

/**
 * A plain, key-sorted copy of a document's metadata, meeting state and every
 * collection (shared texts as strings), for comparing peers and for export. Two peers
 * that have seen the same updates give deep-equal, and JSON-identical, snapshots.
 */
export function docSnapshot(doc: Y.Doc): {
  meta: Record<string, unknown>;
  meeting: Record<string, unknown>;
  collections: Record<string, CollectionSnapshot>;
} {
  const collections: Record<string, CollectionSnapshot> = {};
  for (const name of COLLECTIONS) {
    const records: CollectionSnapshot = {};
    for (const id of [...collection(doc, name).keys()].sort()) {
      records[id] = sortKeys(readFields(collection(doc, name).get(id)!));
    }
    collections[name] = records;
  }
  return {
    meta: sortKeys(readFields(metaMap(doc))),
    meeting: sortKeys(readFields(meetingMap(doc))),
    collections,
  };
}

function sortKeys(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1)));
}
