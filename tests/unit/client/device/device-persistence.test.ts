import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEVICE_ORIGIN,
  DevicePersistence,
  type PersistenceStatus,
} from '../../../../client/src/device/device-persistence.ts';
import { DexieStorage } from '../../../../client/src/device/dexie-storage.ts';
import {
  applyDocUpdate,
  createCycleDoc,
  docSnapshot,
  encodeDocState,
  encodeDocStateVector,
  importPlan,
  onDocUpdate,
  setCell,
  type CycleDoc,
} from '../../../../shared/doc/index.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';
import { waitFor } from '../../../helpers/relay.ts';
import { yDoc } from '../../../../shared/doc/cycle-doc.ts';

const ROOM = 'acme/2026-12';
const PERIODS = months('2026-12', 12);

let nextDb = 0;
function uniqueName(): string {
  return `fulcrum-persistence-${process.pid}-${++nextDb}`;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function store(name: string): DexieStorage {
  const storage = new DexieStorage(name);
  cleanups.push(() => storage.close());
  return storage;
}

function doc(): CycleDoc {
  const created = createCycleDoc();
  cleanups.push(() => created.destroy());
  return created;
}

async function persist(
  storage: DexieStorage,
  target: CycleDoc,
  options?: Parameters<typeof DevicePersistence.open>[3],
): Promise<DevicePersistence> {
  const persistence = await DevicePersistence.open(storage, ROOM, target, options);
  cleanups.push(() => persistence.destroy());
  return persistence;
}

function importDemo(target: CycleDoc): void {
  importPlan(
    target,
    makePlan({
      periods: PERIODS,
      demand: {
        A: row(
          PERIODS,
          PERIODS.map((_, i) => 10 + i),
        ),
      },
    }),
  );
}

describe('DevicePersistence keeps a cycle on the device', () => {
  it('reloads from the store into an identical document, even on a fresh connection', async () => {
    const name = uniqueName();
    const first = doc();
    const persistence = await persist(store(name), first);
    expect(persistence.status).toEqual({ pending: 0, savedAt: null, error: null });
    importDemo(first);
    setCell(first, 'demand', 'A', PERIODS[1], 42);
    setCell(first, 'supply', 'A', PERIODS[2], 17);
    setCell(first, 'capacity', 'L1', PERIODS[3], 160);
    expect(persistence.status.pending).toBeGreaterThan(0);
    await persistence.flush();
    expect(persistence.status.pending).toBe(0);
    expect(persistence.status.savedAt).toEqual(expect.any(Number));

    const second = doc();
    const seen: unknown[] = [];
    onDocUpdate(second, (_update, origin) => seen.push(origin));
    const reopened = await persist(store(name), second);
    expect(docSnapshot(second)).toEqual(docSnapshot(first));
    expect(encodeDocStateVector(second)).toEqual(encodeDocStateVector(first));
    // What it loaded is applied as the device's own, and not stored a second time.
    expect(seen).toEqual([DEVICE_ORIGIN]);
    expect(reopened.status.pending).toBe(0);
    expect((await store(name).load(ROOM)).lastSeq).toBe(4);
  });

  it('stores what the document held before it was opened', async () => {
    const name = uniqueName();
    const early = doc();
    importDemo(early);
    const persistence = await persist(store(name), early);
    await persistence.flush();
    const later = doc();
    await persist(store(name), later);
    expect(docSnapshot(later)).toEqual(docSnapshot(early));
  });

  it('adopts a whole state from the server: stores those very bytes, and goes on storing edits', async () => {
    const name = uniqueName();
    const server = doc();
    importDemo(server);
    const state = encodeDocState(server);

    const page = doc();
    const persistence = await persist(store(name), page);
    const origin = { source: 'a test server' };
    persistence.adopt(state, origin);
    expect(docSnapshot(page)).toEqual(docSnapshot(server));
    expect(persistence.status.pending).toBe(1);
    await persistence.flush();
    const stored = await store(name).load(ROOM);
    expect(stored.updates).toHaveLength(1);
    expect(stored.updates[0]).toEqual(state);

    setCell(page, 'demand', 'A', PERIODS[1], 42);
    await persistence.flush();
    const reopened = doc();
    await persist(store(name), reopened);
    expect(docSnapshot(reopened)).toEqual(docSnapshot(page));
  });

  it('stores the state a document was built from, and goes on storing edits', async () => {
    const name = uniqueName();
    const page = doc();
    importDemo(page);
    const state = encodeDocState(page);
    const { persistence, loaded } = DevicePersistence.start(store(name), ROOM, page, {
      holds: state,
    });
    cleanups.push(() => persistence.destroy());
    await loaded;
    await persistence.flush();
    const stored = await store(name).load(ROOM);
    expect(stored.updates).toEqual([state]);

    setCell(page, 'demand', 'A', PERIODS[1], 42);
    await persistence.flush();
    const reopened = doc();
    await persist(store(name), reopened);
    expect(docSnapshot(reopened)).toEqual(docSnapshot(page));
  });

  it('loses nothing when two tabs write to one store and compact it', async () => {
    const name = uniqueName();
    // Two tabs, offline, each with its own document: their edits meet only in the store.
    const tabA = doc();
    const tabB = doc();
    const a = await persist(store(name), tabA);
    importDemo(tabA);
    applyDocUpdate(tabB, encodeDocState(tabA), 'network');
    const b = await persist(store(name), tabB);
    for (let i = 0; i < 120; i++) {
      setCell(tabA, 'demand', 'A', PERIODS[i % 12], 1000 + i);
      setCell(tabB, 'supply', 'A', PERIODS[i % 12], 2000 + i);
    }
    await Promise.all([a.flush(), b.flush()]);

    // 242 appends in all; each tab compacted after its 100th, so the log is short again.
    const log = await store(name).load(ROOM);
    expect(log.lastSeq).toBe(242);
    expect(log.updates.length).toBeLessThan(150);

    const third = doc();
    await persist(store(name), third);
    // Everything of both tabs: the same as both documents merged.
    const merged = doc();
    applyDocUpdate(merged, encodeDocState(tabA), 'test');
    applyDocUpdate(merged, encodeDocState(tabB), 'test');
    expect(docSnapshot(third)).toEqual(docSnapshot(merged));
    expect(yDoc(third).getMap('demand').get(`A|${PERIODS[11]}`)).toBe(1119);
    expect(yDoc(third).getMap('supply').get(`A|${PERIODS[11]}`)).toBe(2119);
  });

  it('shows a failing store’s error, keeps the edits, and retries until they are stored', async () => {
    const name = uniqueName();
    const edited = doc();
    const persistence = await persist(store(name), edited, { retryMs: 100 });
    importDemo(edited);
    await persistence.flush();
    const statuses: PersistenceStatus[] = [];
    persistence.onStatus((status) => statuses.push(status));

    // The browser's storage fills up.
    const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    setCell(edited, 'demand', 'A', PERIODS[0], 1);
    await waitFor('the error to show', () => persistence.status.error ?? undefined);
    expect(persistence.status.error).toMatch(/^This device has no room left/);
    setCell(edited, 'demand', 'A', PERIODS[1], 2);
    // The second edit retried the first: it failed again, both are still pending.
    await waitFor('a retry', () => add.mock.calls.length >= 2);
    expect(persistence.status.pending).toBe(2);

    // Space is freed: the retry timer stores both, in order, and the error goes.
    add.mockRestore();
    await persistence.flush();
    expect(persistence.status).toMatchObject({ pending: 0, error: null });
    expect(statuses.some((status) => status.error !== null)).toBe(true);
    const reloaded = doc();
    await persist(store(name), reloaded);
    expect(yDoc(reloaded).getMap('demand').get(`A|${PERIODS[0]}`)).toBe(1);
    expect(yDoc(reloaded).getMap('demand').get(`A|${PERIODS[1]}`)).toBe(2);
  });

  it('rejects a pending flush when destroyed with unsaved edits, naming them', async () => {
    const edited = doc();
    const persistence = await DevicePersistence.open(store(uniqueName()), ROOM, edited, {
      retryMs: 60_000,
    });
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('broken', 'UnknownError');
    });
    importDemo(edited);
    await waitFor('the error to show', () => persistence.status.error ?? undefined);
    expect(persistence.status.error).toMatch(
      /^This device could not save an edit of acme\/2026-12 \(browser storage: .*broken/,
    );
    const flushed = persistence.flush();
    persistence.destroy();
    await expect(flushed).rejects.toThrow(/1 changes of acme\/2026-12 were not saved/);
  });

  it('refuses to open a damaged device copy, saying so, and leaves the document alone', async () => {
    const name = uniqueName();
    await store(name).append(ROOM, Uint8Array.of(9, 9, 9));
    const target = doc();
    await expect(DevicePersistence.open(store(name), ROOM, target)).rejects.toThrow(
      /^The copy of acme\/2026-12 kept on this device is damaged/,
    );
    importDemo(target);
    expect((await store(name).load(ROOM)).lastSeq).toBe(1);
  });
});
