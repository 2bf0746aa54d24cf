import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceStorageError, DexieStorage } from '../../client/src/device/dexie-storage.ts';
import { toDeviceStorageError } from '../../client/src/device/device-storage-error.ts';
import { runStorageContract } from './storage-contract.ts';

let nextDb = 0;
/** A database name no other test uses: fake-indexeddb keeps every database for the run. */
function uniqueName(): string {
  return `fulcrum-test-${process.pid}-${++nextDb}`;
}

runStorageContract('DexieStorage', {
  async open() {
    return new DexieStorage(uniqueName());
  },
  async reopen(storage) {
    await storage.close();
    return new DexieStorage((storage as DexieStorage).name);
  },
});

const open: DexieStorage[] = [];
function store(name = uniqueName()): DexieStorage {
  const storage = new DexieStorage(name);
  open.push(storage);
  return storage;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(open.splice(0).map((storage) => storage.close()));
});

describe('DexieStorage shared by two tabs', () => {
  it('numbers appends from two connections to one database without reusing a number', async () => {
    const name = uniqueName();
    const [tabA, tabB] = [store(name), store(name)];
    const seqs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? tabA : tabB).append('acme/2026-12', Uint8Array.of(i)),
      ),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const loaded = await tabA.load('acme/2026-12');
    expect(loaded.lastSeq).toBe(20);
    expect(loaded.updates).toHaveLength(20);
  });
});

describe('the cycles kept on this device', () => {
  it('lists a workspace’s cycles newest cycle first, one entry per cycle, across a reopen', async () => {
    const name = uniqueName();
    const storage = store(name);
    expect(await storage.listCycles('acme')).toEqual([]);
    await storage.rememberCycle({
      workspace: 'acme',
      cycle: '2026-11',
      title: 'November',
      openedAt: 3,
    });
    await storage.rememberCycle({
      workspace: 'acme',
      cycle: '2027-01',
      title: 'January',
      openedAt: 1,
    });
    await storage.rememberCycle({
      workspace: 'acme',
      cycle: '2026-12',
      title: 'December',
      openedAt: 2,
    });
    await storage.rememberCycle({
      workspace: 'globex',
      cycle: '2027-02',
      title: 'Other',
      openedAt: 4,
    });
    // Opening it again (renamed meanwhile) updates the entry, never adds a second one.
    await storage.rememberCycle({
      workspace: 'acme',
      cycle: '2026-12',
      title: 'December S&OP',
      openedAt: 5,
    });
    const expected = [
      { workspace: 'acme', cycle: '2027-01', title: 'January', openedAt: 1 },
      { workspace: 'acme', cycle: '2026-12', title: 'December S&OP', openedAt: 5 },
      { workspace: 'acme', cycle: '2026-11', title: 'November', openedAt: 3 },
    ];
    expect(await storage.listCycles('acme')).toEqual(expected);
    const reopened = store(name);
    expect(await reopened.listCycles('acme')).toEqual(expected);
    expect(await reopened.listCycles('globex')).toHaveLength(1);
    expect(await reopened.listCycles('initech')).toEqual([]);
  });
});

describe('DexieStorage failures are never silent', () => {
  it('says the device is full when the browser refuses a write for quota', async () => {
    const storage = store();
    await storage.append('acme/2026-12', Uint8Array.of(1));
    // What a browser does when its storage for this origin is full.
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const failed = storage.append('acme/2026-12', Uint8Array.of(2));
    await expect(failed).rejects.toBeInstanceOf(DeviceStorageError);
    await expect(failed).rejects.toMatchObject({
      problem: 'quota',
      message:
        'This device has no room left to keep the cycle offline (browser storage is full): free some space; your edits are still being sent to the server while you are online.',
    });
    vi.restoreAllMocks();
    // Nothing half-written: the next append gets the next number.
    expect(await storage.append('acme/2026-12', Uint8Array.of(3))).toBe(2);
  });

  it('finds a full store behind an aborted transaction and in older browsers’ names', () => {
    const abort = Object.assign(new Error('Transaction aborted'), {
      name: 'AbortError',
      inner: new DOMException('quota', 'QuotaExceededError'),
    });
    expect(toDeviceStorageError('save an edit', abort).problem).toBe('quota');
    const firefox = Object.assign(new Error('quota'), { name: 'NS_ERROR_DOM_QUOTA_REACHED' });
    expect(toDeviceStorageError('save an edit', firefox).problem).toBe('quota');
    const unknown = new DOMException('broken', 'UnknownError');
    expect(toDeviceStorageError('save an edit', unknown).problem).toBe('failed');
  });

  it('names what failed for any other failure', async () => {
    const storage = store();
    await storage.append('acme/2026-12', Uint8Array.of(1));
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The disk is on fire.', 'UnknownError');
    });
    const failed = storage.append('acme/2026-12', Uint8Array.of(2));
    await expect(failed).rejects.toMatchObject({ name: 'DeviceStorageError', problem: 'failed' });
    await expect(failed).rejects.toThrow(
      /^This device could not save an edit of acme\/2026-12 \(browser storage: .*The disk is on fire\./,
    );
    vi.restoreAllMocks();

    await storage.close();
    await expect(storage.load('acme/2026-12')).rejects.toThrow(
      /^This device could not read its saved copy of acme\/2026-12 \(browser storage: DatabaseClosedError/,
    );
    await expect(storage.listCycles('acme')).rejects.toThrow(
      /could not list the cycles of acme it keeps/,
    );
  });
});

describe('forgetting a cycle kept on this device', () => {
  it('removes its log and snapshot, and leaves the other cycles as they were', async () => {
    const storage = store();
    await storage.append('acme/2026-12', Uint8Array.of(1));
    await storage.append('acme/2026-12', Uint8Array.of(2));
    await storage.compact('acme/2026-12', Uint8Array.of(9), 1);
    await storage.append('acme/2026-11', Uint8Array.of(3));

    await storage.forget('acme/2026-12');
    expect(await storage.load('acme/2026-12')).toEqual({ updates: [], lastSeq: 0 });
    expect(await storage.rooms('acme/')).toEqual(['acme/2026-11']);
    expect((await storage.load('acme/2026-11')).updates).toEqual([Uint8Array.of(3)]);
    // A copy kept again after it starts from one.
    expect(await storage.append('acme/2026-12', Uint8Array.of(4))).toBe(1);
  });
});
