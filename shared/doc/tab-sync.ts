import type * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

// y-websocket's message types (sync, awareness, query-awareness), which the tabs share.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Message type of a tab joining the other tabs of its browser on a cycle:
 * `[102, 0, state vector]` (a sync step 1 under its own type). Only tabs send it, over
 * the browser's BroadcastChannel; the relay never sees it.
 */
export const MESSAGE_TAB_JOIN = 102;

/**
 * What a tab sends the others when it joins them: its state vector (they answer with
 * what it lacks, see {@link answerTabJoin}), a query for their presence, and its own.
 */
export function tabJoinMessages(doc: Y.Doc, awareness: awarenessProtocol.Awareness): Uint8Array[] {
  const join = encoding.createEncoder();
  encoding.writeVarUint(join, MESSAGE_TAB_JOIN);
  syncProtocol.writeSyncStep1(join, doc);
  const query = encoding.createEncoder();
  encoding.writeVarUint(query, MESSAGE_QUERY_AWARENESS);
  const presence = encoding.createEncoder();
  encoding.writeVarUint(presence, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(
    presence,
    awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
  );
  return [join, query, presence].map((message) => encoding.toUint8Array(message));
}

/**
 * Answers a tab's join (its type already read from `decoder`): writes to `encoder` the
 * sync step 2 of what the newcomer lacks, and returns this tab's own sync step 1, which
 * the newcomer answers as any, so it sends what this tab lacks in turn. Only the
 * differences travel, never the whole document to a tab that holds most of it.
 */
export function answerTabJoin(
  decoder: decoding.Decoder,
  encoder: encoding.Encoder,
  doc: Y.Doc,
  origin: unknown,
): Uint8Array {
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.readSyncMessage(decoder, encoder, doc, origin);
  const ask = encoding.createEncoder();
  encoding.writeVarUint(ask, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(ask, doc);
  return encoding.toUint8Array(ask);
}
