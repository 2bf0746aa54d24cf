/**
 * The edits every relay load sends and how their deliveries are counted, shared by the
 * fan-out bench (one relay) and the scale-out bench (several relay processes).
 *
 * Each edit writes `{ v, e, t, w }` (value, edit id, send time from performance.now(),
 * writer) under a key of the writer's own cells (`p<writer>:c<n>`, taken round robin), so
 * no two peers ever write one key and a key is rewritten by its writer only every 50 of
 * its edits: every delivery shows up as one map change at every other peer of the room, and
 * reach (received / expected deliveries) is exact. Warm-up edits carry the id -1 and are
 * not counted.
 */
import type * as Y from 'yjs';
import { mulberry32 } from '../../shared/random.ts';
import { sleep } from './clients.ts';

/** One cell write: value, edit id (-1 in the warm-up), send time, writer index. */
export interface CellValue {
  v: number;
  e: number;
  t: number;
  w: number;
}

/** The Y.Map every peer edits. */
export const MAP_NAME = 'cells';

const CELLS_PER_PEER = 50;

/** A peer of a load as the edits see it: its room slot and its map of cells. */
export interface EditingPeer {
  slot: number;
  map: Y.Map<CellValue>;
}

/**
 * Watches every peer's map and calls `record` once for each measured edit that reaches a
 * peer (the first time it arrives there), with the edit and its latency in ms. Room slots
 * run from 0 to `perRoom - 1`; edit ids from 0 to `capacity - 1`.
 */
export function observeDeliveries<P extends EditingPeer>(
  peers: readonly P[],
  perRoom: number,
  capacity: number,
  record: (receiver: P, edit: CellValue, latencyMs: number) => void,
): void {
  // seen[e * perRoom + receiverSlot] = 1 once that peer has the edit.
  const seen = new Uint8Array(capacity * perRoom);
  for (const receiver of peers) {
    const { map, slot } = receiver;
    map.observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      for (const key of event.keysChanged) {
        const value = map.get(key);
        if (!value || value.e < 0) continue;
        const index = value.e * perRoom + slot;
        if (seen[index] === 1) continue;
        seen[index] = 1;
        record(receiver, value, now - value.t);
      }
    });
  }
}

/** Sends a load's edits at a fixed rate; see {@link createEditPacer}. */
export interface EditPacer {
  /** Sends edits at the target rate until `ms` have passed (measured: numbered and capped). */
  pace(ms: number, measured: boolean): Promise<void>;
  /** Measured edits sent so far. */
  sent(): number;
}

/**
 * Edits from random writers (seeded) at `editsPerSecond` in all; at most `capacity`
 * measured edits. `onMeasured` sees the writer of each measured edit before it is sent.
 */
export function createEditPacer(
  peers: readonly EditingPeer[],
  editsPerSecond: number,
  capacity: number,
  seed: number,
  onMeasured: (writer: number) => void = () => {},
): EditPacer {
  const random = mulberry32(seed);
  const nextCell = new Int32Array(peers.length);
  let sent = 0;
  const edit = (measured: boolean) => {
    const writer = Math.floor(random() * peers.length);
    const cell = nextCell[writer]++ % CELLS_PER_PEER;
    const id = measured ? sent++ : -1;
    if (measured) onMeasured(writer);
    peers[writer].map.set(`p${writer}:c${cell}`, {
      v: Math.round(random() * 100_000) / 10,
      e: id,
      t: performance.now(),
      w: writer,
    });
  };
  return {
    async pace(ms, measured) {
      const started = performance.now();
      let done = 0;
      for (;;) {
        const elapsed = performance.now() - started;
        if (elapsed >= ms) break;
        const due = Math.floor((elapsed / 1000) * editsPerSecond);
        while (done < due && (!measured || sent < capacity)) {
          edit(measured);
          done++;
        }
        await sleep(1);
      }
    },
    sent: () => sent,
  };
}
