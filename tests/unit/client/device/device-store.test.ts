import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DeviceReply, DeviceRequest } from '../../../../client/src/device/device-requests.ts';
import { DeviceStorageError } from '../../../../client/src/device/device-storage-error.ts';
import { DeviceStore, type DevicePort } from '../../../../client/src/device/device-store.ts';
import { deviceRequestHandler } from '../../../../client/src/device/device-worker-handler.ts';
import type { SeenProjection } from '../../../../shared/catchup/index.ts';

let nextDb = 0;
/** A database name no other test uses: fake-indexeddb keeps every database for the run. */
const uniqueName = () => `fulcrum-device-store-${process.pid}-${++nextDb}`;

/**
 * The page's store talking to the worker's handler as a real worker would: every message
 * structured-cloned both ways and answered later, not in the same turn.
 */
function storeOverWorker(handle = deviceRequestHandler(uniqueName())): {
  store: DeviceStore;
  port: DevicePort;
  sent: DeviceRequest[];
} {
  const sent: DeviceRequest[] = [];
  const port: DevicePort = {
    onmessage: null,
    onerror: null,
    postMessage(message) {
      const request = structuredClone(message);
      sent.push(request);
      void handle(request).then((reply) =>
        setTimeout(() =>
          port.onmessage?.({ data: structuredClone(reply) } as MessageEvent<DeviceReply>),
        ),
      );
    },
  };
  return { store: new DeviceStore(port), port, sent };
}

const ROOM = 'acme/2026-12';
const bytes = (...values: number[]) => new Uint8Array(values);

describe('the device store in its worker', () => {
  it('keeps a room log with the relay store contract: append, load, compact, rooms, forget', async () => {
    const { store } = storeOverWorker();
    expect(await store.append(ROOM, bytes(1))).toBe(1);
    expect(await store.append(ROOM, bytes(2, 2))).toBe(2);
    expect(await store.append('acme/2027-01', bytes(9))).toBe(1);
    expect(await store.load(ROOM)).toEqual({ updates: [bytes(1), bytes(2, 2)], lastSeq: 2 });

    await store.compact(ROOM, bytes(7, 7, 7), 2);
    expect(await store.append(ROOM, bytes(3))).toBe(3);
    expect(await store.load(ROOM)).toEqual({ updates: [bytes(7, 7, 7), bytes(3)], lastSeq: 3 });
    expect(await store.rooms('acme/')).toEqual(['acme/2026-12', 'acme/2027-01']);

    await store.forget(ROOM);
    expect(await store.load(ROOM)).toEqual({ updates: [], lastSeq: 0 });
    expect(await store.rooms('acme/')).toEqual(['acme/2027-01']);
  });

  it('answers calls made together, each with its own value', async () => {
    const { store, sent } = storeOverWorker();
    const seqs = await Promise.all([1, 2, 3, 4].map((n) => store.append(ROOM, bytes(n))));
    expect(seqs.sort()).toEqual([1, 2, 3, 4]);
    expect(new Set(sent.map((request) => request.id)).size).toBe(4);
  });

  it("lists the cycles opened here and keeps each person's last look", async () => {
    const { store } = storeOverWorker();
    await store.rememberCycle({ workspace: 'acme', cycle: '2026-11', title: 'Nov', openedAt: 1 });
    await store.rememberCycle({ workspace: 'acme', cycle: '2026-12', title: 'Dec', openedAt: 2 });
    expect((await store.listCycles('acme')).map((entry) => entry.cycle)).toEqual([
      '2026-12',
      '2026-11',
    ]);

    const key = { workspace: 'acme', cycle: '2026-12', person: 'Ben Okafor' };
    expect(await store.seen.get(key)).toBeNull();
    const look: SeenProjection = {
      version: 1,
      at: '2026-12-05T10:00:00.000Z',
      decisions: { 'd-1': { question: 'Second shift?', status: 'agreed', chosen: 'Yes' } },
      actions: {},
      risks: {},
      agenda: {},
      families: { A: { name: 'Drills', demand: 1_000, supply: 900, revenue: 12_500 } },
    };
    await store.seen.put(key, look);
    expect(await store.seen.get(key)).toEqual(look);
  });

  it("rejects with the store's own sentence when the browser's storage fails", async () => {
    const refusing = {
      open() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    } as unknown as IDBFactory;
    const { store } = storeOverWorker(
      deviceRequestHandler(uniqueName(), { indexedDB: refusing, IDBKeyRange }),
    );
    const failure = await store.append(ROOM, bytes(1)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeviceStorageError);
    expect((failure as DeviceStorageError).problem).toBe('quota');
    expect((failure as Error).message).toMatch(/no room left/);
  });

  it('fails every call, waiting and later, when its worker cannot start', async () => {
    const port: DevicePort = { onmessage: null, onerror: null, postMessage() {} };
    const store = new DeviceStore(port);
    const waiting = store.load(ROOM).catch((error: unknown) => error);
    port.onerror?.({ message: 'script failed to load', preventDefault() {} } as ErrorEvent);
    const [before, after] = [await waiting, await store.rooms('').catch((error: unknown) => error)];
    for (const failure of [before, after]) {
      expect(failure).toBeInstanceOf(DeviceStorageError);
      expect((failure as Error).message).toMatch(/store could not start \(script failed to load\)/);
    }
  });
});
