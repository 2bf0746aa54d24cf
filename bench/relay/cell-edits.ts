/**
 * The edits every relay load sends and how their deliveries are counted, shared by the
 * fan-out bench (one relay) and the scale-out bench (several relay processes).
 *
 * Each edit is a plan cell edit as the page makes it, so our relay checks it against the
 * write policy like any other: a number in the `demand` grid under a key of the writer's
 * own cells (`p<writer>c<n>|<month>`, taken round robin). A measured edit writes its edit
 * id as the value in month 2027-01; warm-up edits write 0 in 2026-12 and are not counted.
 * The send time of each edit id is kept in this process (every peer of a load lives here).
 * No two peers ever write one key and a key is rewritten by its writer only every 50 of
 * its edits: every delivery shows up as one map change at every other peer of the room,
 * and reach (received / expected deliveries) is exact.
 */
import type * as Y from 'yjs';
import { mulberry32 } from '../../shared/random.ts';
import { sleep } from './clients.ts';

/** One delivered edit: its id, its writer and when it was sent (performance.now()). */
export interface CellValue {
  e: number;
  w: number;
  t: number;
}

/** The Y.Map every peer edits: the demand grid's per-cell edits. */
export const MAP_NAME = 'demand';

/** The month measured edits write; warm-up edits write {@link WARMUP_MONTH}. */
const MEASURED_MONTH = '2027-01';
const WARMUP_MONTH = '2026-12';

const CELLS_PER_PEER = 50;

/** A peer of a load as the edits see it: its room slot and its map of cells. */
export interface EditingPeer {
  slot: number;
  map: Y.Map<number>;
}

/** When each measured edit was sent, by edit id (performance.now(), ms). */
export type SendTimes = Float64Array;

/**
 * Watches every peer's map and calls `record` once for each measured edit that reaches a
 * peer (the first time it arrives there), with the edit and its latency in ms. Room slots
 * run from 0 to `perRoom - 1`; edit ids from 0 to `capacity - 1`; `sentAt` is the pacer's.
 */
export function observeDeliveries<P extends EditingPeer>(
  peers: readonly P[],
  perRoom: number,
  capacity: number,
  sentAt: SendTimes,
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
        if (!key.endsWith(MEASURED_MONTH)) continue;
        const e = map.get(key);
        if (e === undefined || e >= capacity) continue;
        const index = e * perRoom + slot;
        if (seen[index] === 1) continue;
        seen[index] = 1;
        const edit = { e, w: Number(key.slice(1, key.indexOf('c'))), t: sentAt[e] };
        record(receiver, edit, now - edit.t);
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
  sentAt: SendTimes,
  onMeasured: (writer: number) => void = () => {},
): EditPacer {
  const random = mulberry32(seed);
  const nextCell = new Int32Array(peers.length);
  let sent = 0;
  const edit = (measured: boolean) => {
    const writer = Math.floor(random() * peers.length);
    const cell = nextCell[writer]++ % CELLS_PER_PEER;
    if (!measured) {
      peers[writer].map.set(`p${writer}c${cell}|${WARMUP_MONTH}`, 0);
      return;
    }
    const id = sent++;
    onMeasured(writer);
    sentAt[id] = performance.now();
    peers[writer].map.set(`p${writer}c${cell}|${MEASURED_MONTH}`, id);
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
