import type { SeenProjection } from '../../../shared/catchup/seen-projection.ts';
import type { CycleEntry } from './device-database.ts';
import type { DeviceStorageProblem } from './device-storage-error.ts';
import type { SeenKey } from './seen-store.ts';

/**
 * What the page asks of the device store's worker: one call of the store's own methods,
 * by name, with its arguments. The worker answers each with a {@link DeviceReply} of the
 * same `id`, in any order.
 */
export type DeviceCall =
  | { op: 'load'; args: [room: string] }
  | { op: 'append'; args: [room: string, update: Uint8Array] }
  | { op: 'compact'; args: [room: string, snapshot: Uint8Array, upToSeq: number] }
  | { op: 'rooms'; args: [prefix: string] }
  | { op: 'forget'; args: [room: string] }
  | { op: 'rememberCycle'; args: [entry: CycleEntry] }
  | { op: 'listCycles'; args: [workspace: string] }
  | { op: 'seenGet'; args: [key: SeenKey] }
  | { op: 'seenPut'; args: [key: SeenKey, projection: SeenProjection] };

/** A call on its way to the worker. */
export type DeviceRequest = DeviceCall & { id: number };

/** The worker's answer: the method's value, or why it failed in the person's words. */
export type DeviceReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; problem: DeviceStorageProblem; message: string };
