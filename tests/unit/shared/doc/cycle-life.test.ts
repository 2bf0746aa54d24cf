import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAction,
  addComment,
  addDecision,
  addNpiItem,
  addRisk,
  addStandardAgenda,
  agendaNotes,
  checkCycleFile,
  closeCycle,
  cycleContent,
  cycleHash,
  docSnapshot,
  docToPlan,
  exportCycle,
  importCycle,
  importPlan,
  isClosed,
  readClosure,
  readPrevious,
  readRecords,
  rollOverPlan,
  setCell,
  setGapNote,
  startMeeting,
  startNextCycle,
  type CycleFile,
} from '../../../../shared/doc/index.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { reconcile, type Plan } from '../../../../shared/engine/index.ts';
import { matchGapWork } from '../../../../shared/engine/gap-episodes.ts';
import { monthRange } from '../../../../shared/dates.ts';

const PLAN = generateDemoPlan({
  families: 6,
  periods: 12,
  resources: 3,
  seed: 5,
  cycle: '2026-12',
});

/** A gap of the plan that the next cycle's plan still has. */
const CARRIED_GAP = (() => {
  const next = new Set(reconcile(rollOverPlan(PLAN)).gaps.map((gap) => gap.id));
  const kept = reconcile(PLAN).gaps.find((gap) => next.has(gap.id));
  if (!kept) throw new Error('the test plan should keep a gap across the roll-over');
  return kept.id;
})();

/** A closing cycle with a mix of open and finished work. */
function closingCycle(): Y.Doc {
  const doc = new Y.Doc();
  importPlan(doc, PLAN, 'S&OP 2026-12');
  addStandardAgenda(doc);
  const base = { probability: 3, impact: 4, raisedIn: '2026-10' };
  addRisk(doc, { ...base, title: 'Resin supply', kind: 'risk', status: 'open' }, 'risk-open');
  addRisk(doc, { ...base, title: 'Old worry', kind: 'risk', status: 'closed' }, 'risk-closed');
  addAction(
    doc,
    { title: 'Second shift', owner: 'Ana', due: '2026-12-20', status: 'open', raisedIn: '2026-11' },
    'action-open',
  );
  addAction(
    doc,
    { title: 'Done already', owner: 'Ben', due: '2026-12-05', status: 'done', raisedIn: '2026-12' },
    'action-done',
  );
  addDecision(doc, { question: 'Add a line?', status: 'deferred', madeIn: '2026-12' }, 'dec-later');
  addDecision(doc, { question: 'Raise price?', status: 'agreed', madeIn: '2026-12' }, 'dec-made');
  addNpiItem(doc, { name: 'Drill X', stage: 'development', plannedLaunch: '2027-06' }, 'npi-1');
  const family = PLAN.families[0].id;
  // A note on a gap the next plan still has carries; one on a gap it no longer has does not.
  setGapNote(doc, CARRIED_GAP, { status: 'open', note: 'watch it' });
  setGapNote(doc, `shortage:${family}:2026-10`, { status: 'open', note: 'long gone' });
  addComment(
    doc,
    {
      anchorKind: 'risk',
      anchor: 'risk-open',
      text: 'Supplier called',
      author: 'Ana',
      at: '2026-12-01T10:00:00Z',
    },
    'c-1',
  );
  addComment(
    doc,
    {
      anchorKind: 'decision',
      anchor: 'dec-made',
      text: 'Done deal',
      author: 'Ana',
      at: '2026-12-01T10:00:00Z',
    },
    'c-2',
  );
  setCell(doc, 'actual', family, '2026-12', 123);
  return doc;
}

async function close(doc: Y.Doc): Promise<string> {
  const hash = await cycleHash(doc);
  closeCycle(doc, {
    closedAt: '2026-12-18T16:00:00.000Z',
    closedBy: 'Fran Facilitator',
    hash,
    nextCycle: '2027-01',
  });
  return hash;
}

describe('rolling into the next cycle', () => {
  it('rolls the horizon forward one month and moves the ended month into history', () => {
    const next = rollOverPlan(PLAN);
    expect(next.cycle).toBe('2027-01');
    expect(next.periods[0]).toBe('2027-01');
    expect(next.periods).toHaveLength(PLAN.periods.length);
    expect(next.periods.at(-1)).toBe('2027-12');
    const family = PLAN.families[0].id;
    // Overlapping months carry; the new last month starts empty; the ended month is gone.
    expect(next.demand[family]['2027-05']).toBe(PLAN.demand[family]['2027-05']);
    expect(next.demand[family]['2027-12']).toBeUndefined();
    expect(next.demand[family]['2026-12']).toBeUndefined();
    expect(next.capacity[PLAN.resources[0].id]['2027-02']).toBe(
      PLAN.capacity[PLAN.resources[0].id]['2027-02'],
    );
    // What the closing cycle planned for the month that ended: demand, supply, shipments.
    const endedRows = reconcile(PLAN).families.map((f) => f.rows[0]);
    expect(next.history[family]['2026-12']).toEqual({
      ...PLAN.history[family]?.['2026-12'],
      forecast: PLAN.demand[family]['2026-12'] ?? 0,
      plannedSupply: PLAN.supply[family]?.['2026-12'] ?? 0,
      plannedShipments: endedRows[0].shipments,
    });
    // With no actuals, each family opens with what this plan projected for the end of the
    // month that ended, a backlog included.
    expect(next.families.map((f) => f.openingInventory)).toEqual(
      endedRows.map((row) => row.projectedInventory),
    );
    expect(next.families.map(({ openingInventory: _, ...rest }) => rest)).toEqual(
      PLAN.families.map(({ openingInventory: _, ...rest }) => rest),
    );
    // So the months both plans cover project the same inventory as before.
    const old = reconcile(PLAN).families.map((f) => f.rows.map((r) => r.projectedInventory));
    const rolled = reconcile(next).families.map((f) => f.rows.map((r) => r.projectedInventory));
    expect(rolled.map((rows) => rows.slice(0, 11))).toEqual(old.map((rows) => rows.slice(1)));
    expect(next.loads).toEqual(PLAN.loads);
  });

  it('carries open work with its origin, starts the agenda fresh and keeps the closed plan', async () => {
    const from = closingCycle();
    const hash = await close(from);
    const to = new Y.Doc();
    const summary = startNextCycle(from, to, hash);

    expect(summary).toEqual({
      cycle: '2027-01',
      title: 'S&OP 2027-01',
      endedMonth: '2026-12',
      carried: { risks: 1, actions: 1, decisions: 1, npi: 1, gapNotes: 1 },
    });
    const ids = (name: 'risks' | 'actions' | 'decisions' | 'npi' | 'gapNotes') =>
      readRecords(to, name).records.map((r) => r.id);
    expect(ids('risks')).toEqual(['risk-open']);
    expect(ids('actions')).toEqual(['action-open']);
    expect(readRecords(to, 'actions').records[0].raisedIn).toBe('2026-11');
    expect(ids('decisions')).toEqual(['dec-later']);
    expect(ids('npi')).toEqual(['npi-1']);
    expect(ids('gapNotes')).toEqual([CARRIED_GAP]);
    // Comments go with carried items only.
    expect(readRecords(to, 'comments').records.map((c) => c.id)).toEqual(['c-1']);
    // A fresh agenda without outcomes or notes, no meeting state.
    const agenda = readRecords(to, 'agenda').records;
    expect(agenda).toHaveLength(10);
    expect(agenda.every((item) => item.outcome === undefined)).toBe(true);
    expect(agendaNotes(to, agenda[0].id).toString()).toBe('');
    expect(docSnapshot(to).meeting).toEqual({});
    // The actual entered for the ended month is history now, beside its forecast.
    const plan = docToPlan(to);
    const endedRow = reconcile(PLAN).families[0].rows[0];
    expect(plan.history[PLAN.families[0].id]['2026-12']).toEqual({
      actual: 123,
      forecast: PLAN.demand[PLAN.families[0].id]['2026-12'] ?? 0,
      plannedSupply: PLAN.supply[PLAN.families[0].id]?.['2026-12'] ?? 0,
      plannedShipments: endedRow.shipments,
    });
    // The closed cycle's plan and hash, for plan over plan.
    const previous = readPrevious(to);
    expect(previous?.cycle).toBe('2026-12');
    expect(previous?.hash).toBe(hash);
    expect(previous?.plan).toEqual(docToPlan(from));
    expect(isClosed(to)).toBe(false);
  });

  it('refuses to start a cycle that already exists', async () => {
    const from = closingCycle();
    const to = new Y.Doc();
    startNextCycle(from, to, await cycleHash(from));
    expect(() => startNextCycle(from, to, 'sha256:x')).toThrow('already exists');
  });
});

describe('a closed cycle', () => {
  it('is frozen: every command refuses, naming the next cycle', async () => {
    const doc = closingCycle();
    const hash = await close(doc);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(readClosure(doc)).toEqual({
      closedAt: '2026-12-18T16:00:00.000Z',
      closedBy: 'Fran Facilitator',
      hash,
      nextCycle: '2027-01',
    });
    const before = Y.encodeStateVector(doc);
    expect(() => setCell(doc, 'demand', PLAN.families[0].id, '2027-01', 5)).toThrow(
      'set demand: this cycle was closed on 2026-12-18 and can no longer change; work on in cycle 2027-01',
    );
    expect(() =>
      addRisk(doc, {
        title: 'Late',
        kind: 'risk',
        probability: 1,
        impact: 1,
        status: 'open',
        raisedIn: '2026-12',
      }),
    ).toThrow('can no longer change');
    expect(Y.encodeStateVector(doc)).toEqual(before);
    // What it held still hashes to what was recorded.
    expect(await cycleHash(doc)).toBe(hash);
  });

  it('refuses a closure with missing or malformed fields', () => {
    const doc = closingCycle();
    expect(() =>
      closeCycle(doc, {
        closedAt: 'yesterday',
        closedBy: 'A',
        hash: 'sha256:00',
        nextCycle: '2027-01',
      }),
    ).toThrow('closeCycle: closedAt');
    expect(isClosed(doc)).toBe(false);
  });

  it('hashes the same on every peer, and differently after any change', async () => {
    const a = closingCycle();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(cycleContent(b)).toBe(cycleContent(a));
    expect(await cycleHash(b)).toBe(await cycleHash(a));
    setCell(b, 'demand', PLAN.families[1].id, '2027-02', 999);
    expect(await cycleHash(b)).not.toBe(await cycleHash(a));
  });
});

describe('the cycle file', () => {
  it('exports every input and work item, and imports again into an empty cycle', async () => {
    const doc = closingCycle();
    startMeeting(doc, 'agenda-1', '2026-12-18T15:00:00.000Z');
    agendaNotes(doc, 'agenda-1').insert(0, 'We looked at the drills.');
    const file = JSON.parse(JSON.stringify(exportCycle(doc))) as CycleFile;
    expect(file.format).toBe('fulcrum.cycle');
    expect(file.plan).toEqual(docToPlan(doc));
    expect(file.work.agenda['agenda-1'].notes).toBe('We looked at the drills.');

    const copy = new Y.Doc();
    importCycle(copy, file);
    expect(docSnapshot(copy)).toEqual(docSnapshot(doc));
    expect(docToPlan(copy)).toEqual(docToPlan(doc));
    expect(await cycleHash(copy)).toBe(await cycleHash(doc));
    expect(agendaNotes(copy, 'agenda-1').toString()).toBe('We looked at the drills.');
  });

  it('imports a closed cycle as an open one, keeping its recorded hash in the file', async () => {
    const doc = closingCycle();
    const hash = await close(doc);
    const file = exportCycle(doc);
    expect(file.closure?.hash).toBe(hash);
    const copy = new Y.Doc();
    importCycle(copy, file);
    expect(isClosed(copy)).toBe(false);
    expect(await cycleHash(copy)).toBe(hash);
  });

  it('names every problem of a bad file by its path, and writes nothing', () => {
    const file = JSON.parse(JSON.stringify(exportCycle(closingCycle()))) as CycleFile;
    file.work.risks['risk-open'].probability = 9;
    file.work.nonsense = {};
    (file.plan as { demand: Record<string, unknown> }).demand.F404 = { '2027-01': 1 };
    const problems = checkCycleFile(file);
    expect(problems).toContain('work.risks.risk-open: probability: must be at most 5');
    expect(problems).toContain('work.nonsense: not a collection of a cycle');
    expect(problems.some((p) => p.startsWith('plan.demand.F404'))).toBe(true);
    expect(checkCycleFile({ format: 'fulcrum.plan' })[0]).toBe('format: must be "fulcrum.cycle"');

    const target = new Y.Doc();
    expect(() => importCycle(target, file)).toThrow('importCycle: ');
    expect(target.store.clients.size).toBe(0);
  });

  it('refuses to import over a cycle that holds a plan', () => {
    const doc = closingCycle();
    expect(() => importCycle(doc, exportCycle(doc))).toThrow('already holds a plan');
  });
});

describe('a gap note across the roll-over', () => {
  it('follows its episode when the month it started in has ended', async () => {
    const periods = monthRange('2026-12', 3);
    const plan: Plan = {
      ...PLAN,
      cycle: '2026-12',
      periods,
      families: [{ id: 'K', name: 'Kettles', price: 10, unitCost: 6, openingInventory: 0 }],
      resources: [],
      loads: [],
      demand: { K: { '2026-12': 50, '2027-01': 20, '2027-02': 0 } },
      supply: {},
      capacity: {},
      budget: {},
      history: {},
      actuals: undefined,
      marginBudget: undefined,
    };
    const from = new Y.Doc();
    importPlan(from, plan, 'S&OP 2026-12');
    // One shortage from December to February: its note is kept under December.
    expect(reconcile(plan).gaps.map((gap) => gap.id)).toEqual(['shortage:K:2026-12']);
    setGapNote(from, 'shortage:K:2026-12', { status: 'inProgress', owner: 'Ana' });
    const to = new Y.Doc();
    startNextCycle(from, to, await close(from));
    // The next cycle opens owing 50: its episode starts in January, and the note is there.
    const gaps = reconcile(docToPlan(to)).gaps;
    expect(gaps.map((gap) => gap.id)).toEqual(['shortage:K:2027-01']);
    const notes = readRecords(to, 'gapNotes').records;
    expect(notes.map((note) => note.id)).toEqual(['shortage:K:2026-12']);
    expect(matchGapWork(gaps, ['shortage:K:2026-12'], '2027-01')).toEqual(
      new Map([['shortage:K:2026-12', 'shortage:K:2027-01']]),
    );
  });
});
