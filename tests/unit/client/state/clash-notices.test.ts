import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ClashNotices, SHOWN_CLASHES } from '../../../../client/src/state/clash-notices.svelte.ts';
import { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';
import {
  applyDocUpdate,
  clearCell,
  DEVICE_ORIGIN,
  encodeDocState,
  importPlan,
  providerDoc,
  setCell,
} from '../../../../shared/doc/index.ts';
import { makePlan, months } from '../../../helpers/plan-builder.ts';
import { OfflineSocket } from '../../../helpers/offline-socket.ts';

beforeAll(() => {
  globalThis.WebSocket = OfflineSocket as unknown as typeof globalThis.WebSocket;
  globalThis.location ??= { protocol: 'http:', host: '127.0.0.1:9' } as Location;
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const PERIODS = months('2026-12', 12);

/** The browser's local storage, as far as the page uses it. */
class MemoryStorage {
  readonly #items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
  clear(): void {
    this.#items.clear();
  }
}
const storage = new MemoryStorage();
beforeAll(() => {
  globalThis.localStorage = storage as unknown as Storage;
});
afterEach(() => storage.clear());

/** Makes a person present in my session, as the relay's presence would. */
function announce(session: CycleSession, doc: Y.Doc, name: string): void {
  const awareness = new Awareness(doc);
  awareness.setLocalStateField('user', { name, role: 'editor' });
  applyAwarenessUpdate(session.awareness, encodeAwarenessUpdate(awareness, [doc.clientID]), 'x');
  awareness.destroy();
}

/**
 * My session (Mia) with a plan, or with what this device kept of an earlier session
 * (`saved`), and second persons whose documents have synced with it.
 */
async function mineAndTheirs(saved?: Uint8Array) {
  const invite = {
    token: 'token',
    id: 'invite-00001',
    workspace: 'acme',
    role: 'editor' as const,
    name: 'Mia',
    functions: [],
    expiresAt: Date.now() + 60_000,
  };
  const session = await CycleSession.open(invite, '2026-12', null);
  const plan = makePlan({
    periods: PERIODS,
    families: [
      { id: 'F1', name: 'Garden hoses', price: 10, unitCost: 6, openingInventory: 0 },
      { id: 'F2', name: 'Sprinklers', price: 10, unitCost: 6, openingInventory: 0 },
    ],
  });
  if (saved) applyDocUpdate(session.doc, saved, DEVICE_ORIGIN);
  else session.act((doc) => importPlan(doc, plan));
  const notices = new ClashNotices(session);
  cleanups.push(() => {
    notices.destroy();
    session.destroy();
  });
  /** Another person whose client id is above mine, so their value wins a tie. */
  const other = (clientID: number, name: string | null) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    Y.applyUpdate(doc, encodeDocState(session.doc));
    if (name !== null) announce(session, doc, name);
    return {
      doc,
      /** Their edits reach me (as the relay would send them). */
      send: () => applyDocUpdate(session.doc, encodeDocState(doc), 'remote'),
      /** My edits reach them. */
      receive: () => Y.applyUpdate(doc, encodeDocState(session.doc), 'remote'),
    };
  };
  return { session, notices, other };
}

const value = (doc: Y.Doc, month: string) => doc.getMap('supply').get(`F1|${month}`);

describe('clash notices', () => {
  it('says whose value replaced mine and reapplies mine for everyone', async () => {
    const { session, notices, other } = await mineAndTheirs();
    const ana = other(0xfffffff0, 'Ana');
    session.act((doc) => setCell(doc, 'supply', 'F1', '2027-06', 700));
    setCell(ana.doc, 'supply', 'F1', '2027-06', 650);
    ana.send();
    expect(value(providerDoc(session.doc), '2027-06')).toBe(650);
    expect(notices.shown.map((item) => [item.text, item.reapplyLabel])).toEqual([
      ["Your 700 for Garden hoses supply Jun 2027 was replaced by Ana's 650.", 'Reapply 700'],
    ]);

    notices.reapply(notices.shown[0].key);
    expect(notices.count).toBe(0);
    ana.receive();
    expect(value(ana.doc, '2027-06')).toBe(700);
  });

  it('lists the newest five, counts the rest, and keeps one notice per cell', async () => {
    const { session, notices, other } = await mineAndTheirs();
    const ben = other(0xfffffff1, 'Ben');
    for (const [i, month] of PERIODS.slice(0, 7).entries()) {
      session.act((doc) => setCell(doc, 'supply', 'F1', month, 100 + i));
      setCell(ben.doc, 'supply', 'F1', month, 200 + i);
      ben.send();
    }
    expect(notices.count).toBe(7);
    expect(notices.shown).toHaveLength(SHOWN_CLASHES);
    expect(notices.more).toBe(2);
    expect(notices.shown[0].text).toBe(
      "Your 106 for Garden hoses supply Jun 2027 was replaced by Ben's 206.",
    );

    // The same cell lost again: its notice is replaced by the newer one, not added.
    ben.receive();
    session.act((doc) => setCell(doc, 'supply', 'F1', PERIODS[0], 1_500));
    setCell(ben.doc, 'supply', 'F1', PERIODS[0], 1_600);
    ben.send();
    expect(notices.count).toBe(7);
    expect(notices.shown[0].text).toBe(
      "Your 1,500 for Garden hoses supply Dec 2026 was replaced by Ben's 1,600.",
    );

    notices.dismiss(notices.shown[0].key);
    expect(notices.count).toBe(6);
    notices.dismissAll();
    expect(notices.count).toBe(0);
    expect(notices.more).toBe(0);
  });

  it('names someone unknown "someone else", says when a cell was cleared, and clears again', async () => {
    const { session, notices, other } = await mineAndTheirs();
    const stranger = other(0xfffffff2, null);
    session.act((doc) => setCell(doc, 'supply', 'F1', '2027-01', 30));
    clearCell(stranger.doc, 'supply', 'F1', '2027-01');
    session.act((doc) => clearCell(doc, 'supply', 'F1', '2027-02'));
    setCell(stranger.doc, 'supply', 'F1', '2027-02', 40);
    stranger.send();
    expect(notices.shown.map((item) => [item.text, item.reapplyLabel]).sort()).toEqual([
      ['Your 30 for Garden hoses supply Jan 2027 was cleared by someone else.', 'Reapply 30'],
      [
        "Your clearing of Garden hoses supply Feb 2027 was replaced by someone else's 40.",
        'Clear again',
      ],
    ]);
    const clearing = notices.shown.find((item) => item.reapplyLabel === 'Clear again')!;
    notices.reapply(clearing.key);
    expect(value(providerDoc(session.doc), '2027-02')).toBeNull();
  });

  it('keeps a notice when reapplying is refused', async () => {
    const { session, notices, other } = await mineAndTheirs();
    const ana = other(0xfffffff3, 'Ana');
    session.act((doc) => setCell(doc, 'supply', 'F1', '2027-03', 5));
    setCell(ana.doc, 'supply', 'F1', '2027-03', 6);
    // Ana also removes the family: my value has nowhere to go.
    ana.doc.getMap('families').delete('F1');
    ana.send();
    notices.reapply(notices.shown[0].key);
    expect(notices.count).toBe(1);
    expect(session.notice).toMatch(/unknown family "F1"/);
  });

  it('an edit made offline in a tab closed before the network came back is still mine', async () => {
    const first = await mineAndTheirs();
    const ana = first.other(0xfffffff4, 'Ana');
    first.session.act((doc) => setCell(doc, 'supply', 'F1', '2027-04', 700));
    setCell(ana.doc, 'supply', 'F1', '2027-04', 650);
    // The tab closes offline; the device keeps the edit. Opened again, it meets Ana's.
    const saved = encodeDocState(first.session.doc);
    const reopened = async () => {
      const { session, notices } = await mineAndTheirs(saved);
      announce(session, ana.doc, 'Ana');
      applyDocUpdate(session.doc, encodeDocState(ana.doc), 'remote');
      return notices.shown.map((item) => item.text);
    };
    expect(await reopened()).toEqual([
      "Your 700 for Garden hoses supply Apr 2027 was replaced by Ana's 650.",
    ]);
    // Another browser (nothing remembered) loading the same copy does not take it for mine.
    storage.clear();
    expect(await reopened()).toEqual([]);
  });
});
