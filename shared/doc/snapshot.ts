import {
  collection,
  DOCUMENT_ROOTS,
  meetingMap,
  metaMap,
  readFields,
  type CollectionName,
} from './layout.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** A plain copy of a collection: records by id, fields by name, keys sorted. */
export type CollectionSnapshot = Record<string, Record<string, unknown>>;

/**
 * A plain, key-sorted copy of a document's metadata, meeting state and every
 * collection (shared texts as strings), for comparing peers and for export. Two peers
 * that have seen the same updates give deep-equal, and JSON-identical, snapshots.
 */
export function docSnapshot(doc: CycleDoc): {
  meta: Record<string, unknown>;
  meeting: Record<string, unknown>;
  collections: Record<string, CollectionSnapshot>;
} {
  const collections: Record<string, CollectionSnapshot> = {};
  for (const { name } of SNAPSHOT_COLLECTIONS) {
    const records: CollectionSnapshot = {};
    for (const id of [...collection(doc, name as CollectionName).keys()].sort()) {
      records[id] = sortKeys(readFields(collection(doc, name as CollectionName).get(id)!));
    }
    collections[name] = records;
  }
  return {
    meta: sortKeys(readFields(metaMap(doc))),
    meeting: sortKeys(readFields(meetingMap(doc))),
    collections,
  };
}

/** The collections a snapshot copies, in the registry's order. */
const SNAPSHOT_COLLECTIONS = DOCUMENT_ROOTS.filter(
  (root) => root.isInSnapshot && root.kind === 'collection',
);

function sortKeys(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1)));
}
