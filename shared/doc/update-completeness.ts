import * as Y from 'yjs';
import { type CycleDoc, yDoc } from './cycle-doc.ts';

/** What {@link decodeUpdate} of yjs returns: an update's structs and delete set, undecoded into a doc. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * Says why `update` (already decoded) cannot be applied whole to `doc`, or null when it
 * can. Yjs keeps an update it cannot integrate yet (one that builds on changes it has not
 * seen) in the document's pending structs or pending delete set, waiting for the missing
 * part; on the relay that part may never come, so such an update is refused before it is
 * applied. The check mirrors what yjs itself asks of each struct:
 * - each person's (client's) structs start at or before the clock the document holds for
 *   them and leave no gap (a gap is encoded as a Skip);
 * - every struct's left and right neighbours and parent are held by the document or
 *   carried by the update;
 * - every deletion names content the document holds or the update carries.
 */
export function missingPart(cycleDoc: CycleDoc, decoded: DecodedUpdate): string | null {
  const doc = yDoc(cycleDoc);
  // The clock up to which each client's content is known: the document's, extended by
  // the update's own contiguous structs.
  const known = new Map<number, number>();
  const knownOf = (client: number): number => known.get(client) ?? Y.getState(doc.store, client);
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    if (struct instanceof Y.Skip) return `it skips changes ${client}:${clock}+${struct.length}`;
    const held = knownOf(client);
    if (clock > held)
      return `it builds on changes ${client}:${held}-${clock} the server never received`;
    known.set(client, Math.max(held, clock + struct.length));
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const id of [struct.origin, struct.rightOrigin, struct.parent]) {
      if (id instanceof Y.ID && id.clock >= knownOf(id.client)) {
        return `it refers to change ${id.client}:${id.clock} the server never received`;
      }
    }
  }
  for (const [client, deletions] of decoded.ds.clients) {
    const held = knownOf(client);
    for (const deletion of deletions) {
      if (deletion.clock + deletion.len > held) {
        return `it deletes changes ${client}:${deletion.clock}+${deletion.len} the server never received`;
      }
    }
  }
  return null;
}

/** True when `doc` holds structs or deletions it could not apply yet (the safety net). */
export function hasPendingParts(doc: CycleDoc): boolean {
  const { store } = yDoc(doc);
  return store.pendingStructs !== null || store.pendingDs !== null;
}
