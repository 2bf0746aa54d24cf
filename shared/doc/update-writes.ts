import * as Y from 'yjs';
import { type CycleDoc, yDoc } from './cycle-doc.ts';
import { rootNameOf } from './transaction-roots.ts';
import { missingPart, type DecodedUpdate } from './update-completeness.ts';

/**
 * One write an update makes, placed in the cycle document: the root, the key in it (a
 * record's id, a cell's `id|month`, a field of a plain root), the record's field for a
 * write inside a record (a shared text counts as its field), set or removed. `record`
 * is the record as the document holds it before the update; `value` what is written
 * (a whole new record's fields gathered from the update).
 */
export interface UpdateWrite {
  readonly root: string;
  readonly key: string | null;
  readonly field: string | null;
  readonly action: 'set' | 'delete';
  readonly record?: Readonly<Record<string, unknown>>;
  readonly value?: unknown;
  /** True for a set the same update removes again: it leaves nothing but its place. */
  readonly gone?: true;
  /** For a delete: the document client id that wrote what it removes. */
  readonly createdBy?: number;
}

/**
 * The value of content a cycle never holds (binary, embeds, formatting, sub-documents):
 * no schema takes it, so a write of it is refused.
 */
export const FOREIGN_CONTENT: unique symbol = Symbol('content a cycle never holds');

/** What an update would write, or why it cannot be read whole against the document. */
export type UpdateWrites =
  | { readonly ok: true; readonly writes: UpdateWrite[] }
  | { readonly ok: false; readonly problem: string };

type Struct = Y.Item | Y.GC | InstanceType<typeof Y.AbstractStruct>;
/** A decoded update's delete set: per client, the clock ranges it removes. */
type DeleteSet = DecodedUpdate['ds'];

/** Where an item sits: its root, the key in the root, and the field of the record. */
interface Place {
  root: string;
  key: string | null;
  field: string | null;
  /** The record's map in the document when the place is inside an existing record. */
  record: Y.Map<unknown> | null;
  /** The record's item in the update when the record is new in this update. */
  newRecord: Y.Item | null;
}

/**
 * The place of an item whose parent or neighbour was garbage-collected (deleted content
 * whose ids alone are kept): Yjs collects the item too, so it writes nothing.
 */
const COLLECTED: Place = { root: '', key: null, field: null, record: null, newRecord: null };

const MISSING = 'it refers to changes the server never received';

/**
 * Reads an update against the document it would apply to, without applying it: every
 * insert and delete it makes, each placed by root, key and field, with the record it
 * touches. The relay checks these against the write policy before anything is applied.
 * An update that cannot be applied whole ({@link missingPart}: it builds on changes the
 * document does not hold) is reported, so it is refused rather than kept waiting. Takes
 * the update's bytes, or the update already decoded.
 */
export function readUpdateWrites(doc: CycleDoc, update: Uint8Array | DecodedUpdate): UpdateWrites {
  let decoded: DecodedUpdate;
  try {
    decoded = update instanceof Uint8Array ? Y.decodeUpdate(update) : update;
  } catch (error) {
    return { ok: false, problem: `the update does not decode (${String(error)})` };
  }
  const missing = missingPart(doc, decoded);
  if (missing !== null) return { ok: false, problem: missing };
  const reader = new UpdateReader(yDoc(doc), decoded.structs as Struct[]);
  try {
    return { ok: true, writes: reader.writes(decoded.ds) };
  } catch (error) {
    if (error instanceof MissingPart) return { ok: false, problem: MISSING };
    throw error;
  }
}

class MissingPart extends Error {}

class UpdateReader {
  readonly #doc: Y.Doc;
  readonly #structs: Struct[];
  /** The update's new items by client, in clock order, for finding one by id. */
  readonly #byClient = new Map<number, Y.Item[]>();
  /** The update's garbage-collected ranges (deleted content, ids only) by client. */
  readonly #collected = new Map<number, Struct[]>();
  readonly #places = new Map<Y.Item, Place>();

  constructor(doc: Y.Doc, structs: Struct[]) {
    this.#doc = doc;
    this.#structs = structs;
  }

  writes(ds: DeleteSet): UpdateWrite[] {
    const fresh = this.#freshItems();
    const writes: UpdateWrite[] = [];
    const setPlaces = new Set<string>();
    // Fields of a record new in this update are part of that record's value: gathered in
    // one pass, so a large update costs in proportion to its size.
    const newFields = new Map<Y.Item, Record<string, unknown>>();
    const sets: [Y.Item, Place][] = [];
    for (const item of fresh) {
      const place = this.#placeOfNew(item);
      if (place === COLLECTED) continue;
      if (place.newRecord && place.newRecord !== item) {
        if (place.field === null || item.content instanceof Y.ContentDeleted) continue;
        let fields = newFields.get(place.newRecord);
        if (!fields) newFields.set(place.newRecord, (fields = {}));
        // A field's first item is its value; what sits inside it (a text's characters)
        // only matters when it is content a cycle never holds.
        const value = contentValue(item);
        if (!(place.field in fields) || value === FOREIGN_CONTENT) fields[place.field] = value;
      } else sets.push([item, place]);
    }
    for (const [item, place] of sets) {
      const write = this.#setWrite(item, place, newFields.get(item) ?? {});
      setPlaces.add(placeKey(write));
      writes.push(write);
    }
    const deleted = this.#deletedItems(ds);
    const removed = new Set(deleted);
    for (const item of deleted) {
      // Removing a record removes its fields too: the record's delete stands for them.
      if (hasRemovedAncestor(item, removed)) continue;
      const place = this.#placeOfDoc(item);
      const write: UpdateWrite = {
        root: place.root,
        key: place.key,
        field: place.field,
        action: 'delete',
        createdBy: item.id.client,
        ...(place.record && { record: recordFields(place.record) }),
      };
      // Replacing a value deletes the old one: the set already stands for it.
      if (!setPlaces.has(placeKey(write))) writes.push(write);
    }
    return writes;
  }

  /** The update's items the document does not hold yet (a gap or skip was refused before). */
  #freshItems(): Y.Item[] {
    const fresh: Y.Item[] = [];
    const next = new Map<number, number>();
    for (const struct of this.#structs) {
      const { client, clock } = struct.id;
      const known = next.get(client) ?? Y.getState(this.#doc.store, client);
      next.set(client, Math.max(known, clock + struct.length));
      if (!(struct instanceof Y.Item)) {
        let gone = this.#collected.get(client);
        if (!gone) this.#collected.set(client, (gone = []));
        gone.push(struct);
        continue;
      }
      if (clock + struct.length <= known) continue;
      let list = this.#byClient.get(client);
      if (!list) this.#byClient.set(client, (list = []));
      list.push(struct);
      fresh.push(struct);
    }
    return fresh;
  }

  /** The write of a set: a value, or a new record with `fields` (its items in this update). */
  #setWrite(item: Y.Item, place: Place, fields: Record<string, unknown>): UpdateWrite {
    const value = item.content instanceof Y.ContentType ? fields : contentValue(item);
    // A new record set over one the document holds replaces it: the one replaced is the
    // record the write touches, so its rules (agreed, closed) still hold.
    const replaced = place.field === null && place.record === null ? this.#held(place) : null;
    if (replaced) place = { ...place, record: replaced };
    return {
      root: place.root,
      key: place.key,
      field: place.field,
      action: 'set',
      value,
      ...(item.content instanceof Y.ContentDeleted && { gone: true }),
      ...(place.record && { record: recordFields(place.record) }),
    };
  }

  /** The record the document holds at a root's key, if any. */
  #held(place: Place): Y.Map<unknown> | null {
    if (place.key === null) return null;
    // A root another update defined may not be typed as a map yet: read its entries.
    const held = this.#doc.share.get(place.root)?._map.get(place.key);
    if (!held || held.deleted || !(held.content instanceof Y.ContentType)) return null;
    const type: unknown = held.content.type;
    return type instanceof Y.Map ? type : null;
  }

  /** The document's live items a delete set removes (content already gone is skipped). */
  #deletedItems(ds: DeleteSet): Y.Item[] {
    const items: Y.Item[] = [];
    for (const [client, ranges] of ds.clients) {
      const state = Y.getState(this.#doc.store, client);
      for (const { clock, len } of ranges) {
        const end = Math.min(clock + len, state);
        let at = clock;
        while (at < end) {
          const struct = Y.getItem(this.#doc.store, Y.createID(client, at)) as Struct;
          if (struct instanceof Y.Item && !struct.deleted) items.push(struct);
          at = struct.id.clock + struct.length;
        }
      }
    }
    return items;
  }

  /** The place of an item of this update: from its parent, or from its neighbour's. */
  #placeOfNew(item: Y.Item): Place {
    const known = this.#places.get(item);
    if (known) return known;
    let place: Place;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      place = { root: parent, key: item.parentSub, field: null, record: null, newRecord: null };
      if (item.content instanceof Y.ContentType) place.newRecord = item;
    } else if (parent instanceof Y.ID) {
      const owner = this.#find(parent);
      if (owner === null) place = COLLECTED;
      else {
        const ownerPlace = owner.isNew
          ? this.#placeOfNew(owner.item)
          : this.#placeOfDoc(owner.item);
        place =
          ownerPlace === COLLECTED ? COLLECTED : this.#inside(owner, ownerPlace, item.parentSub);
      }
    } else {
      // No parent written: it sits beside its origin (or right origin) in the same parent.
      const neighbourId = item.origin ?? item.rightOrigin;
      if (!neighbourId) throw new MissingPart();
      const neighbour = this.#find(neighbourId);
      if (neighbour === null) place = COLLECTED;
      else {
        place = neighbour.isNew
          ? this.#placeOfNew(neighbour.item)
          : this.#placeOfDoc(neighbour.item);
        if (place.newRecord === neighbour.item) place = { ...place, newRecord: null };
      }
    }
    this.#places.set(item, place);
    return place;
  }

  /** The place of an item inside `owner` (a record's map, or a text at a record's field). */
  #inside(owner: { item: Y.Item; isNew: boolean }, ownerPlace: Place, sub: string | null): Place {
    if (ownerPlace.field !== null) return ownerPlace; // inside a text or list at a field
    const type = owner.isNew
      ? null
      : ((owner.item.content as Y.ContentType).type as Y.Map<unknown>);
    return {
      root: ownerPlace.root,
      key: ownerPlace.key,
      field: sub,
      record: type,
      newRecord: owner.isNew ? owner.item : null,
    };
  }

  /** The place of an item the document holds. */
  #placeOfDoc(item: Y.Item): Place {
    const parent = item.parent as Y.AbstractType<unknown>;
    const owner = parent._item;
    if (owner === null) {
      const root = rootNameOf(this.#doc, parent);
      if (root === undefined) throw new MissingPart();
      return { root, key: item.parentSub, field: null, record: null, newRecord: null };
    }
    return this.#inside({ item: owner, isNew: false }, this.#placeOfDoc(owner), item.parentSub);
  }

  /**
   * The item holding `id`: the update's own, else the document's; null when it was
   * garbage-collected (in the update or the document). Found nowhere is a missing part.
   */
  #find(id: Y.ID): { item: Y.Item; isNew: boolean } | null {
    const own = holding(this.#byClient.get(id.client), id.clock);
    if (own) return { item: own, isNew: true };
    if (holding(this.#collected.get(id.client), id.clock)) return null;
    if (id.clock < Y.getState(this.#doc.store, id.client)) {
      const struct = Y.getItem(this.#doc.store, id) as Struct;
      return struct instanceof Y.Item ? { item: struct, isNew: false } : null;
    }
    throw new MissingPart();
  }
}

/** The struct of a client's list (in clock order) that holds `clock`, by binary search. */
function holding<S extends Struct>(list: readonly S[] | undefined, clock: number): S | undefined {
  if (!list) return undefined;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const struct = list[middle];
    if (clock < struct.id.clock) high = middle - 1;
    else if (clock >= struct.id.clock + struct.length) low = middle + 1;
    else return struct;
  }
  return undefined;
}

/** True when a record (or text) holding the item is removed by the same update. */
function hasRemovedAncestor(item: Y.Item, removed: Set<Y.Item>): boolean {
  for (let owner = (item.parent as Y.AbstractType<unknown>)._item; owner;) {
    if (removed.has(owner)) return true;
    owner = (owner.parent as Y.AbstractType<unknown>)._item;
  }
  return false;
}

/** A record's fields as the document holds them (a shared text as its string). */
function recordFields(record: Y.Map<unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of record.entries()) {
    fields[key] = value instanceof Y.AbstractType ? value.toString() : value;
  }
  return fields;
}

function contentValue(item: Y.Item): unknown {
  const content = item.content;
  if (content instanceof Y.ContentAny) return content.getContent()[0];
  if (content instanceof Y.ContentString) return content.getContent().join('');
  // A shared text reads as empty here; its characters are their own items.
  if (content instanceof Y.ContentType)
    return content.type instanceof Y.Text ? {} : FOREIGN_CONTENT;
  if (content instanceof Y.ContentDeleted) return undefined;
  return FOREIGN_CONTENT;
}

function placeKey(write: UpdateWrite): string {
  return `${write.root}\u0000${write.key ?? ''}\u0000${write.field ?? ''}`;
}
