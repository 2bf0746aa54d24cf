import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceDatabase } from '../../../../client/src/device/device-database.ts';
import { DeviceStorageError } from '../../../../client/src/device/device-storage-error.ts';
import { DexieStorage } from '../../../../client/src/device/dexie-storage.ts';
import { SeenStore, type SeenKey } from '../../../../client/src/device/seen-store.ts';
import type { SeenProjection } from '../../../../shared/catchup/index.ts';

let nextDb = 0;
/** A database name no other test uses: fake-indexeddb keeps every database for the run. */
function uniqueName(): string {
  return `fulcrum-seen-${process.pid}-${++nextDb}`;
}

const open: { close(): unknown }[] = [];
function seenStore(name = uniqueName()): SeenStore {
  const store = new SeenStore(name);
  open.push(store);
  return store;
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of open.splice(0)) await store.close();
});

const BEN: SeenKey = { workspace: 'acme', cycle: '2026-12', person: 'Ben Okafor' };

function seen(at: string, revenue = 12_500): SeenProjection {
  return {
    version: 1,
    at,
    decisions: { 'd-1': { question: 'Second shift?', status: 'agreed', chosen: 'Yes' } },
    actions: { 'a-1': { title: 'Hire', owner: 'Ben Okafor', status: 'open', due: '2027-01-15' } },
    risks: {},
    agenda: {
      'agenda-6': {
        title: 'Decisions needed now and later',
        outcome: { kind: 'decision', ref: 'd-1', by: 'Ana', at: '2026-12-05T10:30:00.000Z' },
      },
    },
    families: { A: { name: 'Drills', demand: 1_000, supply: 900, revenue } },
  };
}

describe('what each person last saw, on this device', () => {
  it('has nothing before the person looked, then keeps the last projection per person and cycle', async () => {
    const name = uniqueName();
    const store = seenStore(name);
    expect(await store.get(BEN)).toBeNull();

    await store.put(BEN, seen('2026-12-03T14:05:00.000Z'));
    await store.put({ ...BEN, person: 'Ana Ruiz' }, seen('2026-12-04T09:00:00.000Z', 1));
    await store.put({ ...BEN, cycle: '2027-01' }, seen('2027-01-02T09:00:00.000Z', 2));
    // Looking again moves it: the newer projection replaces the older one.
    await store.put(BEN, seen('2026-12-09T08:00:00.000Z', 13_000));

    const reopened = seenStore(name);
    expect(await reopened.get(BEN)).toEqual(seen('2026-12-09T08:00:00.000Z', 13_000));
    expect((await reopened.get({ ...BEN, person: 'Ana Ruiz' }))?.families.A.revenue).toBe(1);
    expect((await reopened.get({ ...BEN, cycle: '2027-01' }))?.at).toBe('2027-01-02T09:00:00.000Z');
    expect(await reopened.get({ ...BEN, workspace: 'globex' })).toBeNull();
  });

  it('treats a damaged copy as none, so a fresh one is taken', async () => {
    const name = uniqueName();
    const db = new DeviceDatabase(name);
    open.push(db);
    await db.seen.put({ ...BEN, projection: { version: 1, at: 'not a time' } });
    expect(await seenStore(name).get(BEN)).toBeNull();
  });

  it('upgrades a device that kept cycles with the first version of the database', async () => {
    const name = uniqueName();
    // The database as devices have it before this version: its tables and their rows.
    const old = new Dexie(name);
    old.version(1).stores({
      updates: '[room+seq], room',
      snapshots: 'room',
      cycles: '[workspace+cycle], workspace',
    });
    await old.table('cycles').put({
      workspace: 'acme',
      cycle: '2026-12',
      title: 'December',
      openedAt: 1,
    });
    await old.table('updates').put({ room: 'acme/2026-12', seq: 1, data: Uint8Array.of(7) });
    old.close();

    const store = seenStore(name);
    await store.put(BEN, seen('2026-12-03T14:05:00.000Z'));
    const cycles = new DexieStorage(name);
    open.push(cycles);
    expect(await cycles.listCycles('acme')).toEqual([
      { workspace: 'acme', cycle: '2026-12', title: 'December', openedAt: 1 },
    ]);
    expect((await cycles.load('acme/2026-12')).updates).toEqual([Uint8Array.of(7)]);
    expect((await store.get(BEN))?.at).toBe('2026-12-03T14:05:00.000Z');
  });

  it('says the device is full when it cannot keep what the person saw', async () => {
    const store = seenStore();
    await store.get(BEN);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const failed = store.put(BEN, seen('2026-12-03T14:05:00.000Z'));
    await expect(failed).rejects.toBeInstanceOf(DeviceStorageError);
    await expect(failed).rejects.toMatchObject({ problem: 'quota' });
  });

  it('names what it could not read, in the person’s words', async () => {
    const store = seenStore();
    await store.get(BEN);
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(() => {
      throw new DOMException('The disk is gone.', 'UnknownError');
    });
    const failed = store.get(BEN);
    await expect(failed).rejects.toMatchObject({
      problem: 'failed',
      message: expect.stringMatching(
        /^This device could not read what you last saw of acme\/2026-12 \(browser storage: .*The disk is gone/,
      ),
    });
  });
});
