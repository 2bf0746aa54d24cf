import type { SeenProjection } from '../../../shared/catchup/seen-projection.ts';
import type { Storage, StoredRoom } from '../../../shared/protocol/storage.ts';
import type { CycleEntry } from './device-database.ts';
import type { DeviceCall, DeviceReply, DeviceRequest } from './device-requests.ts';
import { DeviceStorageError } from './device-storage-error.ts';
import type { SeenKey } from './seen-store.ts';

export type { CycleEntry } from './device-database.ts';

/** What people last saw of each cycle on this device: read and kept by key. */
export interface SeenLooks {
  get(key: SeenKey): Promise<SeenProjection | null>;
  put(key: SeenKey, projection: SeenProjection): Promise<void>;
}

/** What the page needs of the worker: send a request, hear replies. A test gives a fake. */
export interface DevicePort {
  postMessage(message: DeviceRequest): void;
  onmessage: ((event: MessageEvent<DeviceReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/**
 * The cycles kept on this device, and what each person last saw of them: the page's side
 * of the device store, whose IndexedDB work runs in a worker (device-store.worker.ts).
 * It has the relay store's contract (shared/protocol/storage.ts) for the cycles' logs,
 * plus the home view's list of cycles and the catch-up's last looks. A failure rejects
 * with a `DeviceStorageError` in the person's words.
 */
export class DeviceStore implements Storage {
  readonly #port: DevicePort;
  readonly #waiting = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  #nextId = 0;
  #broken: string | null = null;

  constructor(port: DevicePort) {
    this.#port = port;
    port.onmessage = (event) => {
      const reply = event.data;
      const waiter = this.#waiting.get(reply.id);
      if (!waiter) return;
      this.#waiting.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new DeviceStorageError(reply.problem, reply.message));
    };
    port.onerror = (event) => {
      event.preventDefault?.();
      this.#broken = `This device's store could not start (${event.message || 'its worker failed'}): reload the page; your edits are still being sent to the server while you are online.`;
      for (const waiter of this.#waiting.values())
        waiter.reject(new DeviceStorageError('failed', this.#broken));
      this.#waiting.clear();
    };
  }

  load(room: string): Promise<StoredRoom> {
    return this.#call({ op: 'load', args: [room] });
  }

  append(room: string, update: Uint8Array): Promise<number> {
    return this.#call({ op: 'append', args: [room, update] });
  }

  compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    return this.#call({ op: 'compact', args: [room, snapshot, upToSeq] });
  }

  rooms(prefix: string): Promise<string[]> {
    return this.#call({ op: 'rooms', args: [prefix] });
  }

  /** Removes everything this device keeps of a room (its log and snapshot). */
  forget(room: string): Promise<void> {
    return this.#call({ op: 'forget', args: [room] });
  }

  /** Notes that a cycle was opened here (or renamed): the home view lists it offline. */
  rememberCycle(entry: CycleEntry): Promise<void> {
    return this.#call({ op: 'rememberCycle', args: [entry] });
  }

  /** The cycles of a workspace opened on this device, newest cycle first. */
  listCycles(workspace: string): Promise<CycleEntry[]> {
    return this.#call({ op: 'listCycles', args: [workspace] });
  }

  /** What people last saw of each cycle on this device (see `SeenStore`). */
  readonly seen: SeenLooks = {
    get: (key: SeenKey): Promise<SeenProjection | null> =>
      this.#call({ op: 'seenGet', args: [key] }),
    put: (key: SeenKey, projection: SeenProjection): Promise<void> =>
      this.#call({ op: 'seenPut', args: [key, projection] }),
  };

  /** The store stays open for the page's life: other tabs and views share it. */
  async close(): Promise<void> {}

  #call<T>(call: DeviceCall): Promise<T> {
    if (this.#broken) return Promise.reject(new DeviceStorageError('failed', this.#broken));
    const id = ++this.#nextId;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#port.postMessage({ ...call, id } as DeviceRequest);
    });
  }
}

let theStore: DeviceStore | null | undefined;

/**
 * This page's device store, started on first use (one worker for the page); null when
 * the browser keeps nothing (no IndexedDB or no workers).
 */
export function deviceStore(): DeviceStore | null {
  if (theStore === undefined) {
    theStore =
      typeof indexedDB === 'undefined' || typeof Worker === 'undefined'
        ? null
        : new DeviceStore(
            new Worker(new URL('./device-store.worker.ts', import.meta.url), {
              type: 'module',
              name: 'device-store',
            }) as unknown as DevicePort,
          );
  }
  return theStore;
}
