import { afterEach, describe, expect, it, vi } from 'vitest';
import * as catchUpLib from '../../../../shared/catchup/index.ts';
import type { SeenProjection } from '../../../../shared/catchup/index.ts';
import {
  addDecision,
  addStandardAgenda,
  closeAgendaItem,
  createCycleDoc,
  encodeDocState,
  readRecords,
  type CycleDoc,
  type WorkCollection,
} from '../../../../shared/doc/index.ts';
import type { SeenKey, SeenStore } from '../../../../client/src/device/seen-store.ts';
import { CatchUp } from '../../../../client/src/state/catch-up.svelte.ts';
import type { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';

const MEETING = '2026-12-03T14:00:00.000Z';
const SUE = 'Sue Supply';

/** The parts of a cycle session a catch-up uses, reading `doc`. */
function fakeSession(doc: CycleDoc, absent: boolean) {
  return {
    doc,
    cycle: '2026-12',
    invite: { workspace: 'acme', name: SUE, token: 'token' },
    info: { currency: '' },
    isSynced: true,
    connection: 'online',
    live: { plan: null, result: null },
    meeting: { startedAt: MEETING },
    records: (name: WorkCollection) =>
      name === 'attendance'
        ? { records: [{ id: 'a1', name: SUE, present: !absent }], invalid: [] }
        : readRecords(doc, name),
    onOwnChange: () => () => {},
  } as unknown as CycleSession;
}

function memoryStore(baseline: SeenProjection | null) {
  const puts: SeenProjection[] = [];
  const store = {
    get: async (_key: SeenKey) => baseline,
    put: async (_key: SeenKey, projection: SeenProjection) => void puts.push(projection),
  };
  return { store: store as unknown as SeenStore, puts };
}

/** The server's history: the cycle before the meeting at change 3; Fran's decision after. */
function serverWith(before: CycleDoc) {
  const asked: string[] = [];
  const fetchStub = vi.fn(async (url: string) => {
    asked.push(url);
    if (url.includes('/history/3/state')) {
      return new Response(encodeDocState(before) as Uint8Array<ArrayBuffer>);
    }
    if (url.includes('until=')) {
      return Response.json({ entries: [{ seq: 3, at: '2026-12-03T13:50:00.000Z' }] });
    }
    return Response.json({
      entries: [
        {
          seq: 5,
          at: '2026-12-03T14:20:00.000Z',
          who: { name: 'Fran Facilitator' },
          changes: [{ root: 'decisions', key: 'd-shift' }],
        },
      ],
    });
  });
  vi.stubGlobal('fetch', fetchStub);
  return asked;
}

/** The cycle before the meeting, and now: a decision made and item 2 closed in it. */
function meetingCycle(): { before: CycleDoc; now: CycleDoc } {
  const before = createCycleDoc();
  addStandardAgenda(before);
  const now = createCycleDoc();
  addStandardAgenda(now);
  addDecision(
    now,
    { question: 'Second shift?', chosen: 'Yes', status: 'agreed', madeIn: '2026-12' },
    'd-shift',
  );
  closeAgendaItem(now, 'agenda-2', {
    kind: 'noted',
    by: 'Fran Facilitator',
    at: '2026-12-03T14:30:00.000Z',
  });
  return { before, now };
}

async function ready(catchUp: CatchUp): Promise<void> {
  await expect
    .poll(() => {
      catchUp.keepFirstLook();
      return catchUp.status;
    })
    .toBe('ready');
}

afterEach(() => vi.unstubAllGlobals());

describe("a missed meeting's catch-up", () => {
  it('shows an absent person who glimpsed the cycle during the meeting all it did, by whom', async () => {
    const { before, now } = meetingCycle();
    const asked = serverWith(before);
    // Sue opened the cycle during the meeting, but never looked at the list.
    const glimpse: SeenProjection = {
      ...catchUpLib.projectSeen(
        { decisions: [], actions: [], risks: [], agenda: [], result: null },
        new Date('2026-12-03T14:10:00.000Z'),
      ),
    };
    const { store, puts } = memoryStore(glimpse);
    const catchUp = new CatchUp(
      fakeSession(now, true),
      Promise.resolve({ lib: catchUpLib, store }),
    );
    await ready(catchUp);
    expect(catchUp.start).toEqual({ from: 'meeting', at: MEETING });
    expect(asked[0]).toContain(`until=${encodeURIComponent(MEETING)}`);
    // Who made each change is asked only while a view shows the list.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const beforeWatching = asked.length;
    catchUp.watch();
    expect(asked.length).toBe(beforeWatching + 1);
    await expect
      .poll(() => catchUp.entries.map((entry) => [entry.kind, entry.id, entry.by ?? null]))
      .toEqual([
        ['decision', 'd-shift', 'Fran Facilitator'],
        ['agenda', 'agenda-2', 'Fran Facilitator'],
      ]);
    // The start is kept on the device: the next visit starts there too until she looks.
    expect(puts[0]).toMatchObject({ at: MEETING, from: 'meeting' });
  });

  it('starts a present person from their last look, asking the server nothing of the past', async () => {
    const { before, now } = meetingCycle();
    const asked = serverWith(before);
    const looked = {
      ...catchUpLib.projectSeen(
        { ...{ decisions: [], actions: [], risks: [], agenda: [] }, result: null },
        new Date('2026-12-03T14:10:00.000Z'),
      ),
      reviewed: true,
    };
    const { store } = memoryStore(looked);
    const catchUp = new CatchUp(
      fakeSession(now, false),
      Promise.resolve({ lib: catchUpLib, store }),
    );
    await ready(catchUp);
    expect(catchUp.start).toEqual({ from: 'lastVisit', at: '2026-12-03T14:10:00.000Z' });
    expect(asked.some((url) => url.includes('/state'))).toBe(false);
  });
});
