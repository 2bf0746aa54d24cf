import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  addAction,
  addComment,
  addDecision,
  addRisk,
  addStandardAgenda,
  agendaNotes,
  archiveRecord,
  closeAgendaItem,
  createCycleDoc,
  createUndoTracker,
  deleteComment,
  deleteFamily,
  docFromUpdates,
  docSnapshot,
  docToPlan,
  encodeDocState,
  importPlan,
  onDocUpdate,
  readRecords,
  recordVersions,
  reviseDecision,
  setCell,
  setCellBlock,
  startMeeting,
  updateRisk,
  readUpdateWrites,
  type CycleDoc,
} from '../../../../shared/doc/index.ts';
import { cellValue, GRIDS, gridCells } from '../../../../shared/doc/layout.ts';
import {
  restoreCell,
  restoreCycle,
  restoreRecord,
  restoredWhy,
} from '../../../../shared/doc/restore-commands.ts';
import { checkWrite } from '../../../../shared/policy/write-policy.ts';
import type { Actor } from '../../../../shared/policy/roles.ts';
import { OPEN_RISK as RISK } from '../../../helpers/work-records.ts';

const FACILITATOR: Actor = { name: 'Fran Facilitator', role: 'facilitator', functions: [] };
const EDITOR: Actor = { name: 'Ed Editor', role: 'editor', functions: ['supplyChain'] };
const THEN = '2026-12-05T10:42:00.000Z';
const NOTE = { by: FACILITATOR.name, at: '2026-12-05T11:00:00.000Z', to: THEN };

const AGREED = {
  question: 'Add a Saturday shift at Paint shop 1?',
  chosen: 'No',
  owner: 'Ben Okafor',
  status: 'agreed' as const,
  madeIn: '2026-12',
};

/** A cycle with a plan, work items, an agenda with notes and a started meeting. */
function cycleWithRecord(): { doc: CycleDoc; families: string[]; risks: string[] } {
  const doc = createCycleDoc();
  importPlan(doc, generateDemoPlan({ families: 6, periods: 6, resources: 2, seed: 11 }));
  const families = docToPlan(doc).families.map((family) => family.id);
  const first = docToPlan(doc).periods[0];
  setCell(doc, 'demand', families[0], first, 1234);
  const risks = [addRisk(doc, RISK), addRisk(doc, { ...RISK, title: 'Port strike' })];
  addDecision(doc, AGREED, 'decision-shift');
  addAction(doc, {
    title: 'Call resin suppliers',
    owner: 'Ana Ruiz',
    due: '2026-12-20',
    status: 'open',
    raisedIn: '2026-12',
  });
  addComment(doc, {
    anchorKind: 'family',
    anchor: families[1],
    text: 'Watch this one',
    author: 'Ana Ruiz',
    at: '2026-12-04T09:00:00.000Z',
  });
  const agenda = addStandardAgenda(doc);
  agendaNotes(doc, agenda[0]).insert(0, 'Demand up in the south');
  startMeeting(doc, agenda[0], '2026-12-05T10:00:00.000Z');
  return { doc, families, risks };
}

/** The document as it is now, as the server's state endpoint would give it. */
function pastOf(doc: CycleDoc): CycleDoc {
  return docFromUpdates([encodeDocState(doc)]);
}

/** What people read of a cycle: the plan and every collection but the revision log. */
function reading(doc: CycleDoc) {
  const { collections, ...rest } = docSnapshot(doc);
  const others = Object.fromEntries(
    Object.entries(collections).filter(([name]) => name !== 'revisions'),
  );
  return { plan: docToPlan(doc), ...rest, collections: others };
}

/** The update a command makes, and every write in it checked against the policy for `actor`. */
function refusalsOf(doc: CycleDoc, actor: Actor, command: () => void): string[] {
  const before = pastOf(doc);
  const updates: Uint8Array[] = [];
  const stop = onDocUpdate(doc, (update) => updates.push(update));
  command();
  stop();
  expect(updates).toHaveLength(1);
  const read = readUpdateWrites(before, updates[0]);
  if (!read.ok) throw new Error(read.problem);
  expect(read.writes.length).toBeGreaterThan(0);
  return read.writes.flatMap((write) => {
    const verdict = checkWrite(actor, write);
    return verdict.ok ? [] : [`${write.root}.${write.key}.${write.field}: ${verdict.reason}`];
  });
}

describe('restoring a wiped cycle', () => {
  it('brings back the exact plan and record, in one transaction and one undo step', () => {
    const { doc, families, risks } = cycleWithRecord();
    const past = pastOf(doc);
    const expected = reading(doc);
    const periods = docToPlan(doc).periods;

    // An editor wipes: cells cleared, a family deleted, records archived and removed.
    setCellBlock(
      doc,
      families.slice(1, 4).flatMap((id) =>
        periods.flatMap((month) =>
          (['demand', 'supply', 'budget'] as const).map((grid) => ({
            grid,
            id,
            month,
            value: null,
          })),
        ),
      ),
    );
    deleteFamily(doc, families[0]);
    for (const id of risks) archiveRecord(doc, 'risks', id, { at: NOTE.at, by: 'Ed Editor' });
    updateRisk(doc, risks[0], { probability: 1 });
    const comment = readRecords(doc, 'comments').records[0].id;
    deleteComment(doc, comment);
    agendaNotes(doc, 'agenda-1').delete(0, 6);
    const added = addRisk(doc, { ...RISK, title: 'Added after the wipe' });
    expect(reading(doc)).not.toEqual(expected);

    const undo = createUndoTracker(doc);
    const updates: Uint8Array[] = [];
    const stop = onDocUpdate(doc, (update) => updates.push(update));
    const summary = restoreCycle(doc, past, NOTE);
    stop();

    expect(updates).toHaveLength(1);
    const restored = reading(doc);
    expect(restored.plan).toEqual(expected.plan);
    expect(JSON.stringify(restored.plan)).toBe(JSON.stringify(expected.plan));
    // The risk added after the point is archived, not removed; all else reads as it did.
    const { [added]: archived, ...risksNow } = restored.collections.risks;
    expect(archived.archived).toEqual({ at: NOTE.at, by: NOTE.by });
    expect({ ...restored, collections: { ...restored.collections, risks: risksNow } }).toEqual(
      expected,
    );
    expect(readRecords(doc, 'comments').records.map((record) => record.id)).toEqual([comment]);
    expect(agendaNotes(doc, 'agenda-1').toString()).toBe('Demand up in the south');
    // Nine cells a month of three families, and every cell the deleted family had.
    const familyCells = GRIDS.reduce(
      (sum, grid) => sum + (gridCells(past, grid).get(families[0])?.size ?? 0),
      0,
    );
    expect(familyCells).toBeGreaterThan(3 * periods.length);
    expect(summary.cells).toBe(3 * 3 * periods.length + familyCells);
    const loads = Object.keys(docSnapshot(past).collections.loads).filter((key) =>
      key.startsWith(`${families[0]}|`),
    );
    expect(loads.length).toBeGreaterThan(0);
    // The family and its loads, two risks, the comment, the agenda item, the added risk.
    expect(summary.records).toBe(1 + loads.length + 2 + 1 + 1 + 1);
    expect(summary.kept).toEqual([]);

    // One undo step takes the whole restore back.
    expect(undo.undo()).toBe(true);
    expect(docToPlan(doc).families.map((family) => family.id)).not.toContain(families[0]);
    expect(undo.canUndo).toBe(false);
  });

  it('writes only what the facilitator may write, and nothing when nothing changed', () => {
    const { doc, families } = cycleWithRecord();
    const past = pastOf(doc);
    deleteFamily(doc, families[2]);
    archiveRecord(doc, 'risks', readRecords(doc, 'risks').records[0].id, { at: NOTE.at });
    // What was agreed or closed since comes back by revisions, which the policy allows.
    reviseDecision(
      doc,
      'decision-shift',
      { chosen: 'Yes' },
      { by: NOTE.by, at: NOTE.at, why: 'Demand rose' },
    );
    closeAgendaItem(doc, 'agenda-3', { kind: 'noted', by: NOTE.by, at: NOTE.at });
    agendaNotes(doc, 'agenda-3').insert(0, 'Closed with a note');
    expect(refusalsOf(doc, FACILITATOR, () => restoreCycle(doc, past, NOTE))).toEqual([]);
    // Read as people read them (revisions applied), the record is as it was.
    expect(docToPlan(doc)).toEqual(docToPlan(past));
    for (const name of ['decisions', 'agenda', 'risks'] as const) {
      expect(readRecords(doc, name)).toEqual(readRecords(past, name));
    }
    expect(agendaNotes(doc, 'agenda-3').toString()).toBe('');

    const updates: Uint8Array[] = [];
    const stop = onDocUpdate(doc, (update) => updates.push(update));
    expect(restoreCycle(doc, past, NOTE)).toEqual({ cells: 0, records: 0, kept: [] });
    stop();
    expect(updates).toHaveLength(0);
  });

  it('refuses a note without who or when, writing nothing', () => {
    const { doc } = cycleWithRecord();
    const past = pastOf(createCycleDoc());
    const before = encodeDocState(doc);
    expect(() => restoreCycle(doc, past, { ...NOTE, by: '' })).toThrow('restoreCycle');
    expect(() => restoreCycle(doc, past, { ...NOTE, to: 'yesterday' })).toThrow(
      '"yesterday" is not a time to restore to',
    );
    expect(encodeDocState(doc)).toEqual(before);
  });
});

describe('restoring what was agreed', () => {
  it('records a revision when an agreed decision differs, never changing it in place', () => {
    const { doc } = cycleWithRecord();
    const past = pastOf(doc);
    reviseDecision(
      doc,
      'decision-shift',
      { chosen: 'Yes, add the shift' },
      {
        by: 'Ben Okafor',
        at: '2026-12-05T10:50:00.000Z',
        why: 'Demand rose 8%',
      },
    );

    const summary = restoreRecord(doc, past, 'decisions', 'decision-shift', NOTE);

    expect(summary.records).toBe(1);
    const versions = recordVersions(doc, 'decisions', 'decision-shift');
    expect(versions.map((version) => version.fields.chosen)).toEqual([
      'No',
      'Yes, add the shift',
      'No',
    ]);
    expect(versions.at(-1)?.revision).toMatchObject({
      by: NOTE.by,
      at: NOTE.at,
      why: 'Restored to 5 Dec 2026 10:42 UTC',
    });
    expect(readRecords(doc, 'decisions').records[0]).toMatchObject({ chosen: 'No' });
  });

  it('orders its revision after the last one, even one whose clock ran ahead', () => {
    const { doc } = cycleWithRecord();
    const past = pastOf(doc);
    const ahead = '2026-12-06T09:00:00.000Z';
    reviseDecision(doc, 'decision-shift', { chosen: 'Yes' }, { by: 'Ben', at: ahead, why: 'x' });

    restoreRecord(doc, past, 'decisions', 'decision-shift', NOTE);

    expect(readRecords(doc, 'decisions').records[0]).toMatchObject({ chosen: 'No' });
    expect(recordVersions(doc, 'decisions', 'decision-shift').at(-1)?.revision?.at).toBe(
      '2026-12-06T09:00:00.001Z',
    );
  });

  it('reopens a closed agenda item by a revision when it was open then', () => {
    const { doc } = cycleWithRecord();
    const past = pastOf(doc);
    closeAgendaItem(doc, 'agenda-2', { kind: 'noted', by: NOTE.by, at: NOTE.at });

    restoreCycle(doc, past, NOTE);

    const item = readRecords(doc, 'agenda').records.find((record) => record.id === 'agenda-2');
    expect(item?.outcome).toBeUndefined();
    expect(recordVersions(doc, 'agenda', 'agenda-2').at(-1)?.revision?.why).toBe(restoredWhy(THEN));
  });

  it('keeps a decision agreed after the point, saying why, instead of archiving it', () => {
    const { doc } = cycleWithRecord();
    const past = pastOf(doc);
    addDecision(doc, { ...AGREED, question: 'Open a second line?' }, 'decision-line');

    const summary = restoreCycle(doc, past, NOTE);

    expect(summary.kept).toEqual([
      'Decision "Open a second line?" was agreed since: it stays, revise it instead.',
    ]);
    expect(readRecords(doc, 'decisions').records.map((record) => record.id)).toContain(
      'decision-line',
    );
  });
});

describe('restoring one record or one cell', () => {
  it('archives a record of the meeting that did not exist then, removes others', () => {
    const { doc } = cycleWithRecord();
    const past = pastOf(doc);
    const risk = addRisk(doc, { ...RISK, title: 'New' });
    const comment = addComment(doc, {
      anchorKind: 'gap',
      anchor: 'gap-1',
      text: 'Later',
      author: 'Ed Editor',
      at: NOTE.at,
    });

    restoreRecord(doc, past, 'risks', risk, NOTE);
    restoreRecord(doc, past, 'comments', comment, { ...NOTE, by: 'Ed Editor' });

    expect(readRecords(doc, 'risks', { archived: true }).records.map((r) => r.id)).toEqual([risk]);
    expect(readRecords(doc, 'comments').records.map((r) => r.id)).not.toContain(comment);
  });

  it('brings back an archived or changed record, as an editor may', () => {
    const { doc, risks } = cycleWithRecord();
    const past = pastOf(doc);
    updateRisk(doc, risks[1], { probability: 5, owner: 'Ed Editor' });
    archiveRecord(doc, 'risks', risks[1], { at: NOTE.at });

    const editorNote = { ...NOTE, by: EDITOR.name };
    expect(
      refusalsOf(doc, EDITOR, () => restoreRecord(doc, past, 'risks', risks[1], editorNote)),
    ).toEqual([]);
    expect(docSnapshot(doc).collections.risks[risks[1]]).toEqual(
      docSnapshot(past).collections.risks[risks[1]],
    );
  });

  it('brings back a deleted family with its rows, cells and loads', () => {
    const { doc, families } = cycleWithRecord();
    const past = pastOf(doc);
    const plan = docToPlan(doc);
    deleteFamily(doc, families[0]);

    const summary = restoreRecord(doc, past, 'families', families[0], NOTE);

    expect(docToPlan(doc)).toEqual(plan);
    expect(summary.records).toBeGreaterThanOrEqual(1);
    expect(summary.cells).toBeGreaterThan(0);
  });

  it('sets a cell to its value then, clears one that had none, and names a missing family', () => {
    const { doc, families } = cycleWithRecord();
    const [first, second] = docToPlan(doc).periods;
    setCellBlock(doc, [
      { grid: 'supply', id: families[1], month: second, value: null },
      { grid: 'budget', id: families[2], month: first, value: null },
    ]);
    const past = pastOf(doc);
    setCell(doc, 'demand', families[0], first, 99);
    setCell(doc, 'supply', families[1], second, 40);
    const imported = cellValue(past, 'demand', families[3], first);
    setCell(doc, 'demand', families[3], first, 7);

    expect(restoreCell(doc, past, 'demand', families[0], first).cells).toBe(1);
    expect(cellValue(doc, 'demand', families[0], first)).toBe(1234);
    restoreCell(doc, past, 'supply', families[1], second);
    expect(cellValue(doc, 'supply', families[1], second)).toBeUndefined();
    restoreCell(doc, past, 'demand', families[3], first);
    expect(cellValue(doc, 'demand', families[3], first)).toBe(imported);
    expect(restoreCell(doc, past, 'budget', families[2], first)).toEqual({
      cells: 0,
      records: 0,
      kept: [],
    });

    deleteFamily(doc, families[4]);
    expect(() => restoreCell(doc, past, 'demand', families[4], first)).toThrow(
      `restoreCell: family "${families[4]}" no longer exists: restore it first`,
    );
  });
});
