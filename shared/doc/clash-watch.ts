import * as Y from 'yjs';
import { splitKey, type DocGridName } from './layout.ts';
import { isOwnOrigin, originKind } from './origins.ts';
import { changedTypes } from './transaction-roots.ts';
import { type CycleDoc, yDoc } from './cycle-doc.ts';

/**
 * One of my cell edits that lost to someone else's edit of the same cell, made while
 * neither had seen the other's (both offline, or at the same moment). The document keeps
 * one value per cell on every peer; this is how the person whose value was dropped hears
 * of it.
 */
export interface CellClash {
  /** The grid of the cell. */
  grid: DocGridName;
  /** The family, or the resource for capacity. */
  id: string;
  /** The cell's month, `YYYY-MM`. */
  month: string;
  /** The value I had written (null: I had cleared the cell). */
  mine: number | null;
  /** The value that stands now (null: the other person cleared the cell). */
  theirs: number | null;
  /** The document client id of the peer whose value stands (their presence names them). */
  theirClient: number;
}

/** What else counts as mine besides this document's own writes. */
export interface ClashWatchOptions {
  /**
   * The client ids this person's earlier sessions on this device wrote with: an edit made
   * offline in a tab closed before the network came back is loaded from the device with
   * its old id, and its loss is still theirs to hear of.
   */
  earlierClients?: Iterable<number>;
}

/**
 * Calls `onClash` each time an update from someone else replaces one of my cell edits
 * with a value written without seeing mine. A later edit by someone who had my value
 * in front of them is not a clash: they changed it on purpose.
 *
 * How it is told apart: each value of a key of a Y.Map is an item whose `origin` is the
 * item that was the key's value when it was written. When a remote transaction deletes
 * my standing item and the key's new value does not descend from it through those
 * origins, the other writer never saw my value, and mine lost the tie-break. The winner
 * is never told (their value stands); only cells count (kind `cells` in the layout).
 *
 * Returns the function that stops watching.
 */
export function watchCellClashes(
  doc: CycleDoc,
  onClash: (clash: CellClash) => void,
  options: ClashWatchOptions = {},
): () => void {
  const ydoc = yDoc(doc);
  // The client ids my own commands wrote with (Yjs picks a new one on a rare collision),
  // and those of my earlier sessions on this device.
  const mine = new Set<number>([ydoc.clientID, ...(options.earlierClients ?? [])]);
  const handler = (transaction: Y.Transaction) => {
    if (isOwnOrigin(transaction.origin)) {
      mine.add(ydoc.clientID);
      return;
    }
    if (originKind(transaction.origin) !== 'remote') return;
    if (![...mine].some((client) => transaction.deleteSet.clients.has(client))) return;
    for (const change of changedTypes(doc, transaction)) {
      if (change.depth !== 0 || change.root?.kind !== 'cells') continue;
      for (const key of change.keys) {
        if (key === null) continue;
        const lost = lostCell(change.type._map.get(key), transaction, mine);
        if (!lost) continue;
        const [id, month] = splitKey(key);
        onClash({ grid: change.rootName as DocGridName, id, month, ...lost });
      }
    }
  };
  ydoc.on('afterTransaction', handler);
  return () => ydoc.off('afterTransaction', handler);
}

/**
 * My value of a cell that `transaction` dropped for a value written without seeing it;
 * `winner` is the item that holds the cell's value now.
 */
function lostCell(
  winner: Y.Item | undefined,
  transaction: Y.Transaction,
  mine: ReadonlySet<number>,
): Pick<CellClash, 'mine' | 'theirs' | 'theirClient'> | null {
  // No value now (the key was removed by someone who saw it), or the value is mine.
  if (!winner || winner.deleted || mine.has(winner.id.client)) return null;
  let lost: Y.Item | null = null;
  for (let item = winner.left; item; item = item.left) {
    if (mine.has(item.id.client) && Y.isDeleted(transaction.deleteSet, item.lastId)) {
      lost = item;
      break;
    }
  }
  if (!lost || descendsFrom(winner, lost)) return null;
  const myValue = cellValueOf(lost);
  const theirValue = cellValueOf(winner);
  if (myValue === undefined || theirValue === undefined || myValue === theirValue) return null;
  return { mine: myValue, theirs: theirValue, theirClient: winner.id.client };
}

/**
 * True when `item` was written by someone who had `ancestor` as the key's value, or a
 * value written on top of it: its chain of origins reaches `ancestor`. An item always
 * sits right of its origin, so the chain is found walking left.
 */
function descendsFrom(item: Y.Item, ancestor: Y.Item): boolean {
  let origin = item.origin;
  let cursor = item.left;
  while (origin) {
    if (holds(ancestor, origin)) return true;
    while (cursor && !holds(cursor, origin)) cursor = cursor.left;
    if (!cursor) return false;
    origin = cursor.origin;
    cursor = cursor.left;
  }
  return false;
}

/** True when `id` is one of the (possibly merged) item's ids. */
function holds(item: Y.Item, id: Y.ID): boolean {
  return (
    item.id.client === id.client &&
    id.clock >= item.id.clock &&
    id.clock < item.id.clock + item.length
  );
}

/** The cell value an item holds: a number, null for a cleared cell, undefined for anything else. */
function cellValueOf(item: Y.Item): number | null | undefined {
  const values = item.content.getContent();
  const value: unknown = values[values.length - 1];
  if (value === null) return null;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
