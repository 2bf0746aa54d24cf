import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { PRESENCE_LIMITS } from './presence-stamp.ts';

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /**
   * The parsed state; null means the client left. `undefined` when its JSON is larger
   * than the reader's `maxStateBytes`: such a state is never parsed (it is refused).
   */
  state: unknown;
  /** Bytes of the state's JSON. */
  bytes: number;
}

const utf8 = new TextDecoder();

/**
 * Decodes an awareness update completely (count, then client id, clock and JSON state
 * per entry), so a malformed one is refused before any of it is applied. A state whose
 * JSON is over `maxStateBytes` (by default the presence limit) is skipped unparsed (its
 * `state` is undefined), so a huge one costs no parsing. Throws an Error naming what is
 * wrong.
 */
export function readAwarenessUpdate(
  update: Uint8Array,
  maxStateBytes: number = PRESENCE_LIMITS.maxStateBytes,
): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  // Each entry takes at least 3 bytes: a count larger than that is a lie about the length.
  if (count > update.length) throw new Error(`awareness update claims ${count} entries`);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarUint8Array(decoder);
    const state: unknown = json.length > maxStateBytes ? undefined : JSON.parse(utf8.decode(json));
    entries.push({ clientId, clock, state, bytes: json.length });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness update');
  return entries;
}

/**
 * Encodes entries as an awareness update, each with its own clock (what
 * `applyAwarenessUpdate` of y-protocols reads). A null state is a client that left.
 */
export function writeAwarenessUpdate(
  entries: readonly { clientId: number; clock: number; state: unknown }[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}
