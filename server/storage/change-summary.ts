import * as Y from 'yjs';
import { MAX_SUMMARY_CHANGES, type HistoryChange } from './history.ts';

/** What an update touched, as history keeps it: at most {@link MAX_SUMMARY_CHANGES} places. */
export interface ChangeSummary {
  changes: HistoryChange[];
  changeCount: number;
}

/** Root types by their name, per document (its `share` only grows). */
const rootNames = new WeakMap<Y.Doc, Map<unknown, string>>();

function rootNameOf(doc: Y.Doc, type: unknown): string | undefined {
  let names = rootNames.get(doc);
  if (!names || names.size !== doc.share.size) {
    names = new Map();
    for (const [name, root] of doc.share) names.set(root, name);
    rootNames.set(doc, names);
  }
  return names.get(type);
}

/**
 * Where an item of `doc` sits: its root's name and the keys down to it (a root map's key,
 * then the record's field). Null for an item inside another item of `fresh` (a field of
 * a record new in the same change: the record stands for it) or one that no longer has a
 * place (collected content).
 */
function placeOf(doc: Y.Doc, item: Y.Item, fresh: Set<Y.Item>): HistoryChange | null {
  const keys: (string | null)[] = [item.parentSub];
  let parent = item.parent;
  while (parent instanceof Y.AbstractType && parent._item !== null) {
    if (fresh.has(parent._item)) return null;
    keys.unshift(parent._item.parentSub);
    parent = parent._item.parent;
  }
  const root = rootNameOf(doc, parent);
  if (root === undefined) return null;
  const named = keys.filter((key): key is string => key !== null);
  return { root, key: named[0] ?? null, field: named[1] ?? null, action: 'set' };
}

/**
 * Summarises `change` (an update `doc` already holds, as the relay stores it): every
 * place it set or removed, by root, key and field, each place once. Read from the
 * document, so its cost is in proportion to the change, not to the document. A place both
 * set and removed (a value replaced) counts as set. Past the cap, every root touched still
 * shows (see {@link capped}). Never throws: a change it cannot read
 * is summarised as nothing recorded, and stored all the same.
 */
export function summarizeChange(doc: Y.Doc, change: Uint8Array): ChangeSummary {
  try {
    return readSummary(doc, change);
  } catch {
    // The change is stored whatever its summary: history then says it was not recorded.
    return { changes: [], changeCount: 0 };
  }
}

function readSummary(doc: Y.Doc, change: Uint8Array): ChangeSummary {
  const decoded = Y.decodeUpdate(change);
  const places = new Map<string, HistoryChange>();
  const fresh = new Set<Y.Item>();
  const items: Y.Item[] = [];
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const held = Y.getItem(doc.store, struct.id);
    if (held instanceof Y.Item) {
      fresh.add(held);
      items.push(held);
    }
  }
  const add = (place: HistoryChange | null) => {
    if (place === null) return;
    const id = `${place.root}\u0000${place.key ?? ''}\u0000${place.field ?? ''}`;
    if (!places.has(id) || place.action === 'set') places.set(id, place);
  };
  for (const item of items) add(placeOf(doc, item, fresh));
  const removed = new Set<Y.Item>();
  for (const [client, ranges] of decoded.ds.clients) {
    const state = Y.getState(doc.store, client);
    for (const range of ranges) {
      let clock = range.clock;
      const end = Math.min(range.clock + range.len, state);
      while (clock < end) {
        const struct = Y.getItem(doc.store, Y.createID(client, clock));
        clock = struct.id.clock + struct.length;
        if (struct instanceof Y.Item && !fresh.has(struct)) removed.add(struct);
      }
    }
  }
  for (const item of removed) {
    // Removing a record removes its fields too: the record's removal stands for them.
    if (hasRemovedAncestor(item, removed)) continue;
    const place = placeOf(doc, item, fresh);
    if (place === null) continue;
    const id = `${place.root}\u0000${place.key ?? ''}\u0000${place.field ?? ''}`;
    if (!places.has(id)) places.set(id, { ...place, action: 'delete' });
  }
  const all = [...places.values()];
  return { changes: capped(all), changeCount: all.length };
}

/**
 * Summarises what an update touched from the writes the relay's check already read
 * (`checkUpdate`), so an update a person sent is read once: each place once, a place both
 * set and removed counting as set, capped as {@link summarizeChange} caps.
 */
export function summarizeWrites(
  writes: readonly {
    root: string;
    key: string | null;
    field: string | null;
    action: 'set' | 'delete';
  }[],
): ChangeSummary {
  const places = new Map<string, HistoryChange>();
  for (const { root, key, field, action } of writes) {
    const id = `${root}\u0000${key ?? ''}\u0000${field ?? ''}`;
    if (!places.has(id) || action === 'set') places.set(id, { root, key, field, action });
  }
  const all = [...places.values()];
  return { changes: capped(all), changeCount: all.length };
}

function hasRemovedAncestor(item: Y.Item, removed: Set<Y.Item>): boolean {
  let parent = item.parent;
  while (parent instanceof Y.AbstractType && parent._item !== null) {
    if (removed.has(parent._item)) return true;
    parent = parent._item.parent;
  }
  return false;
}

/**
 * At most {@link MAX_SUMMARY_CHANGES} places, in their order, keeping first the first
 * place of every root touched (a document has fewer roots than that), so filtering
 * history by collection finds every change that touched it; then the first place of
 * every record written (a family's cells count as the family), so a change that wrote
 * many months of many families still names each family it changed, for as many as fit;
 * then the rest in order.
 */
function capped(all: HistoryChange[]): HistoryChange[] {
  if (all.length <= MAX_SUMMARY_CHANGES) return all;
  const kept = new Set<number>();
  const keepFirstOf = (groupOf: (place: HistoryChange) => string | null): void => {
    const seen = new Set<string>();
    all.forEach((place, index) => {
      const group = groupOf(place);
      if (group === null || seen.has(group)) return;
      seen.add(group);
      if (kept.size < MAX_SUMMARY_CHANGES) kept.add(index);
    });
  };
  keepFirstOf((place) => place.root);
  keepFirstOf((place) =>
    place.action === 'set' ? `${place.root}|${place.key?.split('|')[0] ?? ''}` : null,
  );
  for (let index = 0; index < all.length && kept.size < MAX_SUMMARY_CHANGES; index++) {
    kept.add(index);
  }
  return all.filter((_, index) => kept.has(index));
}
