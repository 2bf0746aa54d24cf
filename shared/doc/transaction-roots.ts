import type * as Y from 'yjs';
import { documentRoot, type DocumentRoot } from './layout.ts';
import { type CycleDoc, yDoc } from './cycle-doc.ts';

/** A shared type as a transaction reports it. */
export type SharedType = Y.Transaction['changed'] extends Map<infer T, unknown> ? T : never;

/** One changed shared type of a transaction, placed in the document's layout. */
export interface ChangedType {
  /** The type that changed. */
  type: SharedType;
  /** The keys that changed in it (null for a change that is not keyed). */
  keys: Set<string | null>;
  /** The name of the root map it sits under. */
  rootName: string;
  /** The root's registry entry; undefined for a root that is not part of a cycle. */
  root: DocumentRoot | undefined;
  /** 0 for the root itself, 1 for a record of a collection, more for texts inside records. */
  depth: number;
  /** For a type inside a root: the key of the root's child holding it (the record's id). */
  recordId: string | null;
}

/** A shared type as far as climbing to its root and naming its record needs. */
interface Nested {
  parent: Nested | null;
  _item: { parentSub: string | null } | null;
}

const classified = new WeakMap<Y.Transaction, ChangedType[]>();
const rootNames = new WeakMap<Y.Doc, Map<unknown, string>>();

/**
 * What a transaction changed, root by root, worked out once per transaction however
 * many listeners ask (the change feed, the plan projection): each changed type with
 * its root, its registry entry and the record it belongs to.
 */
export function changedTypes(doc: CycleDoc, transaction: Y.Transaction): ChangedType[] {
  const known = classified.get(transaction);
  if (known) return known;
  const changes: ChangedType[] = [];
  for (const [type, keys] of transaction.changed) {
    // Climb to the root, remembering the child of the root: the record that changed.
    let record = type as unknown as Nested;
    let top = record;
    let depth = 0;
    while (top.parent) {
      record = top;
      top = top.parent;
      depth++;
    }
    const rootName = rootNameOf(doc, top);
    if (rootName === undefined) continue;
    changes.push({
      type,
      keys,
      rootName,
      root: documentRoot(rootName),
      depth,
      recordId: depth > 0 ? (record._item?.parentSub ?? null) : null,
    });
  }
  classified.set(transaction, changes);
  return changes;
}

/** The name of a root type, from a lookup rebuilt only when the document gains a root. */
export function rootNameOf(doc: CycleDoc, type: unknown): string | undefined {
  let names = rootNames.get(yDoc(doc));
  if (!names || names.size !== yDoc(doc).share.size) {
    names = new Map();
    for (const [name, root] of yDoc(doc).share) names.set(root, name);
    rootNames.set(yDoc(doc), names);
  }
  return names.get(type);
}
