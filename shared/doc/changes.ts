import type * as Y from 'yjs';
import { GRIDS, WORK_COLLECTIONS } from './layout.ts';
import { isOwnOrigin } from './origins.ts';

/**
 * What a view can watch for: the plan's inputs as one area, each work collection on its
 * own, and the meeting state. A change inside a record (a risk's title) counts for the
 * collection that holds it.
 */
export const CHANGE_AREAS = ['plan', 'meeting', 'cycle', ...WORK_COLLECTIONS] as const;

/** An area of the document a view can watch (see {@link CHANGE_AREAS}). */
export type ChangeArea = (typeof CHANGE_AREAS)[number];

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

const WORK_ROOTS = new Set<string>(WORK_COLLECTIONS);
const PLAN_ROOTS = new Set<string>([
  'meta',
  'families',
  'resources',
  'loads',
  ...GRIDS.flatMap((name) => [name, `${name}Base`]),
]);

/** The area a root map of the document belongs to (grids and their imported rows are plan). */
function areaOf(root: string): ChangeArea | undefined {
  if (WORK_ROOTS.has(root)) return root as ChangeArea;
  if (root === 'meeting') return 'meeting';
  // How the cycle was closed, the plan of the cycle before it, and the pre-read.
  if (root === 'closure' || root === 'previous' || root === 'preread') return 'cycle';
  return PLAN_ROOTS.has(root) ? 'plan' : undefined;
}

/**
 * Calls `listener` after every transaction that changed something, with the areas it
 * touched. Returns the function that stops listening.
 */
export function onDocChange(doc: Y.Doc, listener: (change: DocChange) => void): () => void {
  const roots = new Map<unknown, string>();
  const rootName = (type: unknown): string | undefined => {
    if (roots.size !== doc.share.size) {
      roots.clear();
      for (const [name, root] of doc.share) roots.set(root, name);
    }
    return roots.get(type);
  };
  const handler = (transaction: Y.Transaction) => {
    if (transaction.changed.size === 0) return;
    const areas = new Set<ChangeArea>();
    const touched = new Map<string, Set<string>>();
    for (const [type, keys] of transaction.changed) {
      // Climb to the root, remembering the child of the root: the record that changed.
      let record: Nested = type as unknown as Nested;
      let root: Nested = record;
      while (root.parent) {
        record = root;
        root = root.parent;
      }
      const name = rootName(root);
      const area = name === undefined ? undefined : areaOf(name);
      if (!area || name === undefined) continue;
      areas.add(area);
      let ids = touched.get(name);
      if (!ids) touched.set(name, (ids = new Set()));
      if (record !== root) {
        const id = record._item?.parentSub;
        if (id) ids.add(id);
      } else {
        for (const key of keys) if (key !== null) ids.add(key.split('|')[0]);
      }
    }
    if (areas.size > 0) listener({ areas, isLocal: isOwnOrigin(transaction.origin), touched });
  };
  doc.on('afterTransaction', handler);
  return () => doc.off('afterTransaction', handler);
}

/** A shared type as far as climbing to its root and naming its record needs. */
interface Nested {
  parent: Nested | null;
  _item: { parentSub: string | null } | null;
}
