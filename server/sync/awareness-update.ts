import * as decoding from 'lib0/decoding';

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The parsed state; null means the client left. */
  state: unknown;
}

/**
 * Decodes an awareness update completely (count, then client id, clock and JSON state
 * per entry), so a malformed one is refused before any of it is applied. Throws an
 * Error naming what is wrong.
 */
export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  // Each entry takes at least 3 bytes: a count larger than that is a lie about the length.
  if (count > update.length) throw new Error(`awareness update claims ${count} entries`);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    entries.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness update');
  return entries;
}
