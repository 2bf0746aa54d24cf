import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAction,
  addRisk,
  addStandardAgenda,
  createUndoTracker,
  importPlan,
  onDocChange,
  readCycleInfo,
  readMeeting,
  readRecords,
  readSignoffs,
  setCell,
  signOff,
  startMeeting,
  type ChangeArea,
} from '../../../../shared/doc/index.ts';
import { collection } from '../../../../shared/doc/layout.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';
import { peer, sync } from '../../../helpers/docs.ts';
import { OPEN_RISK as risk } from '../../../helpers/work-records.ts';

const twoFamilies = () =>
  makePlan({
    families: [
      { id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 0 },
      { id: 'B', name: 'Garden hoses', price: 5, unitCost: 3, openingInventory: 0 },
    ],
  });

function planDoc(clientID: number): Y.Doc {
  const doc = peer(clientID);
  importPlan(doc, twoFamilies());
  return doc;
}

describe('onDocChange', () => {
  it('names the areas a transaction touched and whether it was my own command', () => {
    const doc = planDoc(1);
    const seen: { areas: ChangeArea[]; isLocal: boolean }[] = [];
    const stop = onDocChange(doc, ({ areas, isLocal }) =>
      seen.push({ areas: [...areas].sort(), isLocal }),
    );
    const family = makePlan().families[0].id;
    setCell(doc, 'demand', family, makePlan().periods[0], 7);
    addRisk(doc, risk);
    const other = peer(2);
    sync(doc, other);
    addAction(other, {
      title: 'Call supplier',
      owner: 'Ana',
      due: '2027-01-10',
      status: 'open',
      raisedIn: '2026-12',
    });
    sync(other, doc);
    stop();
    setCell(doc, 'demand', family, makePlan().periods[0], 8);
    expect(seen).toEqual([
      { areas: ['plan'], isLocal: true },
      { areas: ['risks'], isLocal: true },
      { areas: ['actions'], isLocal: false },
    ]);
  });

  it('counts an edit inside a record (a risk field) for its collection', () => {
    const doc = planDoc(1);
    const id = addRisk(doc, risk);
    const areas: ChangeArea[] = [];
    onDocChange(doc, (change) => areas.push(...change.areas));
    collection(doc, 'risks').get(id)!.set('title', 'Resin shortage, Q1');
    expect(areas).toEqual(['risks']);
  });
});

describe('createUndoTracker', () => {
  it("undoes my own commands one step at a time and never another person's", () => {
    const mine = planDoc(1);
    const theirs = peer(2);
    sync(mine, theirs);
    const undo = createUndoTracker(mine);
    const [a, b] = twoFamilies().families.map((f) => f.id);
    const month = makePlan().periods[0];
    setCell(mine, 'demand', a, month, 11);
    setCell(mine, 'demand', a, makePlan().periods[1], 12);
    setCell(theirs, 'demand', b, month, 99);
    sync(theirs, mine);
    expect(undo.canUndo).toBe(true);
    expect(undo.undo()).toBe(true);
    const grid = mine.getMap('demand');
    expect(grid.get(`${a}|${makePlan().periods[1]}`)).toBeUndefined();
    expect(grid.get(`${a}|${month}`)).toBe(11);
    expect(undo.undo()).toBe(true);
    expect(grid.get(`${a}|${month}`)).toBeUndefined();
    expect(grid.get(`${b}|${month}`)).toBe(99);
    expect(undo.undo()).toBe(false);
    expect(undo.redo()).toBe(true);
    expect(grid.get(`${a}|${month}`)).toBe(11);
    undo.destroy();
  });

  it('tells listeners when undo becomes possible', () => {
    const doc = planDoc(1);
    const undo = createUndoTracker(doc);
    let calls = 0;
    undo.onChange(() => calls++);
    addRisk(doc, risk);
    expect(calls).toBeGreaterThan(0);
    expect(undo.canUndo).toBe(true);
  });
});

describe('reading work items', () => {
  it('reads records checked against their schema, in order, and lists what fails', () => {
    const doc = planDoc(1);
    addStandardAgenda(doc);
    const b = addRisk(doc, risk, 'risk-b');
    addRisk(doc, { ...risk, title: 'Port strike' }, 'risk-a');
    // A peer that skipped the checks wrote a probability of 9.
    collection(doc, 'risks').get(b)!.set('probability', 9);
    const risks = readRecords(doc, 'risks');
    expect(risks.records.map((r) => r.id)).toEqual(['risk-a']);
    expect(risks.invalid).toEqual([expect.stringContaining('risks.risk-b')]);
    const agenda = readRecords(doc, 'agenda').records;
    expect(agenda.map((item) => item.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `agenda-${i + 1}`),
    );
    expect(agenda[0]).not.toHaveProperty('notes');
  });

  it('reads the meeting, sign-offs and the cycle info', () => {
    const doc = planDoc(1);
    expect(readMeeting(doc)).toEqual({
      startedAt: null,
      currentItem: null,
      itemStartedAt: null,
      endedAt: null,
      endedBy: null,
    });
    addStandardAgenda(doc);
    startMeeting(doc, 'agenda-1', '2026-12-10T09:00:00Z');
    expect(readMeeting(doc)).toEqual({
      startedAt: '2026-12-10T09:00:00Z',
      currentItem: 'agenda-1',
      itemStartedAt: '2026-12-10T09:00:00Z',
      endedAt: null,
      endedBy: null,
    });
    signOff(doc, 'demand', 'sales', 'Ana', '2026-12-05T10:00:00Z');
    expect(readSignoffs(doc)).toEqual({
      demand: { sales: { by: 'Ana', at: '2026-12-05T10:00:00Z' } },
    });
    expect(readCycleInfo(doc)).toEqual({
      cycle: makePlan().cycle,
      title: `S&OP cycle ${makePlan().cycle}`,
      currency: makePlan().currency,
    });
  });
});
