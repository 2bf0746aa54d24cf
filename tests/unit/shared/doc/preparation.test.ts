import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  checkCycleFile,
  closeCycle,
  CommandOrigin,
  createUndoTracker,
  cyclesOpen,
  docToPlan,
  exportCycle,
  importCycle,
  importPlan,
  isLongOpen,
  markPrereadRead,
  onDocChange,
  PlanProjection,
  prereadReaders,
  publishPreread,
  readPreread,
  readRecords,
  setCell,
  setInputStatus,
  startNextCycle,
  type ChangeArea,
} from '../../../../shared/doc/index.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import {
  inputLine,
  prereadAudience,
} from '../../../../client/src/components/preparation/preparation.ts';

const PLAN = generateDemoPlan({
  families: 4,
  periods: 6,
  resources: 2,
  seed: 11,
  cycle: '2026-12',
});
const FAMILY = PLAN.families[0].id;
const MONTH = PLAN.periods[1];
const AT = '2026-12-03T14:05:00.000Z';

function cycleDoc(): Y.Doc {
  const doc = new Y.Doc();
  importPlan(doc, PLAN, 'S&OP 2026-12');
  return doc;
}

/** Runs `write` and returns the transactions it made, each with its command's name. */
function transactionsOf(doc: Y.Doc, write: () => void): string[] {
  const seen: string[] = [];
  const listen = (transaction: Y.Transaction) => {
    if (transaction.changed.size === 0) return;
    const origin = transaction.origin;
    seen.push(origin instanceof CommandOrigin ? origin.command : String(origin));
  };
  doc.on('afterTransaction', listen);
  try {
    write();
  } finally {
    doc.off('afterTransaction', listen);
  }
  return seen;
}

/** Expects `write` to throw `message` and leave the document exactly as it was. */
function refused(doc: Y.Doc, write: () => void, message: string | RegExp): void {
  const before = Y.encodeStateVector(doc);
  expect(write).toThrow(message);
  expect(Y.encodeStateVector(doc)).toEqual(before);
}

describe('setInputStatus', () => {
  it('records a function’s status with who and when, in one transaction', () => {
    const doc = cycleDoc();
    const made = transactionsOf(doc, () =>
      setInputStatus(doc, 'supplyChain', {
        status: 'submitted',
        by: 'Ana Ortiz',
        at: AT,
        note: 'Capacity for Q1 confirmed with both plants',
      }),
    );
    expect(made).toEqual(['setInputStatus']);
    expect(readRecords(doc, 'inputs')).toEqual({
      records: [
        {
          id: 'supplyChain',
          status: 'submitted',
          by: 'Ana Ortiz',
          at: AT,
          note: 'Capacity for Q1 confirmed with both plants',
        },
      ],
      invalid: [],
    });
  });

  it('replaces the earlier status; a note not given again is cleared', () => {
    const doc = cycleDoc();
    setInputStatus(doc, 'sales', { status: 'inProgress', by: 'Ben', at: AT, note: 'Half done' });
    setInputStatus(doc, 'sales', { status: 'submitted', by: 'Chen', at: '2026-12-04T09:00:00Z' });
    expect(readRecords(doc, 'inputs').records).toEqual([
      { id: 'sales', status: 'submitted', by: 'Chen', at: '2026-12-04T09:00:00Z' },
    ]);
  });

  it('refuses an unknown function, status, missing name, bad time or long note, writing nothing', () => {
    const doc = cycleDoc();
    const ok = { status: 'submitted' as const, by: 'Ana', at: AT };
    refused(doc, () => setInputStatus(doc, 'legal', ok), 'setInputStatus: must be one of sales');
    refused(
      doc,
      () => setInputStatus(doc, 'sales', { ...ok, status: 'done' as never }),
      'setInputStatus: status: must be notStarted, inProgress or submitted',
    );
    refused(
      doc,
      () => setInputStatus(doc, 'sales', { ...ok, by: '' }),
      'by: needs the name of who changed it',
    );
    refused(
      doc,
      () => setInputStatus(doc, 'sales', { ...ok, at: 'yesterday' }),
      'at: must be an ISO time',
    );
    refused(
      doc,
      () => setInputStatus(doc, 'sales', { ...ok, note: 'x'.repeat(501) }),
      'note: must be at most 500 characters',
    );
    expect(readRecords(doc, 'inputs').records).toEqual([]);
  });

  it('is undone as one step of the person who made it', () => {
    const doc = cycleDoc();
    const undo = createUndoTracker(doc);
    setInputStatus(doc, 'finance', { status: 'inProgress', by: 'Dana', at: AT });
    undo.undo();
    expect(readRecords(doc, 'inputs').records).toEqual([]);
    undo.destroy();
  });
});

describe('the pre-read', () => {
  it('is nothing until the facilitator publishes it', () => {
    const doc = cycleDoc();
    expect(readPreread(doc)).toBeNull();
    refused(doc, () => markPrereadRead(doc, 'Ben', AT), 'no pre-read has been published yet');
  });

  it('publishes a frozen copy of the plan in one transaction, and keeps it when the live plan moves', () => {
    const doc = cycleDoc();
    const made = transactionsOf(doc, () => publishPreread(doc, { by: 'Fran Diaz', at: AT }));
    expect(made).toEqual(['publishPreread']);
    const published = docToPlan(doc);
    const before = published.demand[FAMILY]?.[MONTH] ?? 0;

    setCell(doc, 'demand', FAMILY, MONTH, before + 5_000);
    expect(docToPlan(doc).demand[FAMILY][MONTH]).toBe(before + 5_000);

    const preread = readPreread(doc);
    expect(preread).toEqual({ publishedAt: AT, publishedBy: 'Fran Diaz', plan: published });
    expect(preread!.plan.demand[FAMILY]?.[MONTH] ?? 0).toBe(before);
    // Its gaps are the engine's, from the frozen plan: the live edit does not move them.
    expect(reconcile(preread!.plan).gaps).toEqual(reconcile(published).gaps);
    expect(reconcile(docToPlan(doc)).gaps).not.toEqual(reconcile(published).gaps);
  });

  it('marks it read per person, for the publication they read', () => {
    const doc = cycleDoc();
    publishPreread(doc, { by: 'Fran', at: AT });
    const made = transactionsOf(doc, () =>
      markPrereadRead(doc, 'Ben Okafor', '2026-12-03T15:00:00Z'),
    );
    expect(made).toEqual(['markPrereadRead']);
    markPrereadRead(doc, 'Chen Li', '2026-12-03T16:00:00Z');
    const reads = readRecords(doc, 'prereadReads').records;
    expect(reads).toEqual([
      { id: 'Ben Okafor', at: '2026-12-03T15:00:00Z', publishedAt: AT },
      { id: 'Chen Li', at: '2026-12-03T16:00:00Z', publishedAt: AT },
    ]);
    expect(prereadReaders(reads, AT)).toEqual([
      { name: 'Ben Okafor', at: '2026-12-03T15:00:00Z' },
      { name: 'Chen Li', at: '2026-12-03T16:00:00Z' },
    ]);
    refused(doc, () => markPrereadRead(doc, '', AT), 'markPrereadRead: must not be empty');
    refused(doc, () => markPrereadRead(doc, 'Ben', 'soon'), 'markPrereadRead: must be an ISO time');
  });

  it('publishing again replaces the pre-read and clears who had read the older one', () => {
    const doc = cycleDoc();
    publishPreread(doc, { by: 'Fran', at: AT });
    markPrereadRead(doc, 'Ben', '2026-12-03T15:00:00Z');
    setCell(doc, 'supply', FAMILY, MONTH, 777);
    const later = '2026-12-05T08:30:00.000Z';
    const made = transactionsOf(doc, () => publishPreread(doc, { by: 'Gil', at: later }));
    expect(made).toEqual(['publishPreread']);
    expect(readRecords(doc, 'prereadReads').records).toEqual([]);
    const preread = readPreread(doc)!;
    expect(preread.publishedBy).toBe('Gil');
    expect(preread.publishedAt).toBe(later);
    expect(preread.plan.supply[FAMILY][MONTH]).toBe(777);
  });

  it('never counts a read of an older pre-read for a newer one, even when it arrives late', () => {
    const fran = cycleDoc();
    const ben = new Y.Doc();
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(fran));
    publishPreread(fran, { by: 'Fran', at: AT });
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(fran));
    // Ben reads the first pre-read while Fran, offline from him, publishes a second one.
    markPrereadRead(ben, 'Ben', '2026-12-03T15:00:00Z');
    publishPreread(fran, { by: 'Fran', at: '2026-12-04T10:00:00Z' });
    Y.applyUpdate(fran, Y.encodeStateAsUpdate(ben));
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(fran));
    for (const doc of [fran, ben]) {
      const reads = readRecords(doc, 'prereadReads').records;
      expect(reads).toHaveLength(1);
      expect(prereadReaders(reads, readPreread(doc)!.publishedAt)).toEqual([]);
    }
  });

  it('refuses a cycle with no plan, a missing name or a bad time, writing nothing', () => {
    const empty = new Y.Doc();
    refused(
      empty,
      () => publishPreread(empty, { by: 'Fran', at: AT }),
      'publishPreread: this cycle has no plan yet',
    );
    const doc = cycleDoc();
    refused(
      doc,
      () => publishPreread(doc, { by: '', at: AT }),
      'by: needs the name of who publishes it',
    );
    refused(doc, () => publishPreread(doc, { by: 'Fran', at: '3 Dec' }), 'at: must be an ISO time');
  });

  it('is a change of the cycle, never of the plan: the projection does not re-read the plan', () => {
    const doc = cycleDoc();
    const areas: Set<ChangeArea>[] = [];
    const stop = onDocChange(doc, (change) => areas.push(change.areas));
    const projection = new PlanProjection(doc);
    const plan = projection.plan;
    publishPreread(doc, { by: 'Fran', at: AT });
    markPrereadRead(doc, 'Ben', AT);
    setInputStatus(doc, 'sales', { status: 'submitted', by: 'Ben', at: AT });
    publishPreread(doc, { by: 'Fran', at: '2026-12-04T10:00:00Z' });
    expect(areas.map((set) => [...set].sort())).toEqual([
      ['cycle'],
      ['prereadReads'],
      ['inputs'],
      ['cycle', 'prereadReads'],
    ]);
    // The same plan object: nothing was read again.
    expect(projection.plan).toBe(plan);
    projection.destroy();
    stop();
  });
});

describe('the cycle file and the next cycle', () => {
  it('carries the pre-read, the reads and the input statuses through export and import', () => {
    const doc = cycleDoc();
    setInputStatus(doc, 'marketing', { status: 'inProgress', by: 'Eve', at: AT, note: 'Promo' });
    publishPreread(doc, { by: 'Fran', at: AT });
    markPrereadRead(doc, 'Ben', '2026-12-03T15:00:00Z');
    setCell(doc, 'demand', FAMILY, MONTH, 9_999);

    const file = JSON.parse(JSON.stringify(exportCycle(doc)));
    expect(file.preread).toEqual(JSON.parse(JSON.stringify(readPreread(doc))));
    expect(checkCycleFile(file)).toEqual([]);

    const copy = new Y.Doc();
    importCycle(copy, file);
    expect(readPreread(copy)).toEqual(readPreread(doc));
    expect(readPreread(copy)!.plan.demand[FAMILY]?.[MONTH]).not.toBe(9_999);
    expect(readRecords(copy, 'prereadReads')).toEqual(readRecords(doc, 'prereadReads'));
    expect(readRecords(copy, 'inputs')).toEqual(readRecords(doc, 'inputs'));
    expect(exportCycle(copy)).toEqual(exportCycle(doc));
  });

  it('names a broken pre-read in a cycle file and imports nothing', () => {
    const doc = cycleDoc();
    publishPreread(doc, { by: 'Fran', at: AT });
    const file = JSON.parse(JSON.stringify(exportCycle(doc)));
    file.preread.plan.periods = [];
    file.preread.publishedAt = 'Tuesday';
    expect(checkCycleFile(file)).toEqual(['preread.publishedAt: must be an ISO time']);
    file.preread.publishedAt = AT;
    expect(checkCycleFile(file).some((line) => line.startsWith('preread.plan.periods'))).toBe(true);
    const copy = new Y.Doc();
    expect(() => importCycle(copy, file)).toThrow('preread.plan.periods');
    expect(readPreread(copy)).toBeNull();
  });

  it('a cycle file without a pre-read still reads (files written before it existed)', () => {
    const file = JSON.parse(JSON.stringify(exportCycle(cycleDoc())));
    delete file.work.inputs;
    delete file.work.prereadReads;
    expect(file.preread).toBeUndefined();
    expect(checkCycleFile(file)).toEqual([]);
  });

  it('the next cycle starts with no input statuses, no pre-read and no reads', async () => {
    const doc = cycleDoc();
    setInputStatus(doc, 'sales', { status: 'submitted', by: 'Ben', at: AT });
    publishPreread(doc, { by: 'Fran', at: AT });
    markPrereadRead(doc, 'Ben', AT);
    closeCycle(doc, {
      closedAt: '2026-12-20T10:00:00Z',
      closedBy: 'Fran',
      hash: `sha256:${'a'.repeat(64)}`,
      nextCycle: '2027-01',
    });
    // A closed cycle is frozen: no status, pre-read or read can change it.
    refused(doc, () => publishPreread(doc, { by: 'Fran', at: AT }), 'can no longer change');
    refused(
      doc,
      () => setInputStatus(doc, 'sales', { status: 'inProgress', by: 'Ben', at: AT }),
      'can no longer change',
    );
    refused(doc, () => markPrereadRead(doc, 'Chen', AT), 'can no longer change');

    const next = new Y.Doc();
    startNextCycle(doc, next, `sha256:${'a'.repeat(64)}`);
    expect(readRecords(next, 'inputs').records).toEqual([]);
    expect(readRecords(next, 'prereadReads').records).toEqual([]);
    expect(readPreread(next)).toBeNull();
  });
});

describe('actions open for more than two cycles', () => {
  it('counts the months between the cycle raised in and the current one', () => {
    expect(cyclesOpen('2026-12', '2026-12')).toBe(0);
    expect(cyclesOpen('2026-11', '2026-12')).toBe(1);
    expect(cyclesOpen('2026-09', '2026-12')).toBe(3);
    expect(cyclesOpen('2025-12', '2026-02')).toBe(2);
    expect(cyclesOpen('2027-01', '2026-12')).toBe(0);
    expect(cyclesOpen('not a month', '2026-12')).toBe(0);
  });

  it('flags open actions past two cycles, never done or dropped ones', () => {
    expect(isLongOpen({ status: 'open', raisedIn: '2026-10' }, '2026-12')).toBe(false);
    expect(isLongOpen({ status: 'open', raisedIn: '2026-09' }, '2026-12')).toBe(true);
    expect(isLongOpen({ status: 'done', raisedIn: '2026-01' }, '2026-12')).toBe(false);
    expect(isLongOpen({ status: 'dropped', raisedIn: '2026-01' }, '2026-12')).toBe(false);
  });
});

describe('how preparation reads on the page', () => {
  it('says who last changed a function’s inputs and when, or that nobody has', () => {
    expect(inputLine(undefined)).toBe('Not reported yet');
    expect(
      inputLine({ status: 'submitted', by: 'Ana Ortiz', at: '2026-12-03T14:05:00Z' }, 'en-GB'),
    ).toMatch(/^Submitted by Ana Ortiz, 3 Dec, \d\d:05$/);
  });

  it('lists who should read the pre-read: not read first, viewers only once they read', () => {
    const audience = prereadAudience(
      [
        { name: 'Chen', at: '2026-12-03T16:00:00Z' },
        { name: 'Ben', at: '2026-12-03T15:00:00Z' },
      ],
      [{ name: 'Dana' }, { name: 'Ben' }],
      [
        { name: 'Fran', role: 'facilitator' },
        { name: 'Vera', role: 'viewer' },
        { name: 'Ana', role: 'editor' },
        { name: 'Fran', role: 'facilitator' },
      ],
    );
    expect(audience).toEqual([
      { name: 'Ana', readAt: null },
      { name: 'Dana', readAt: null },
      { name: 'Fran', readAt: null },
      { name: 'Ben', readAt: '2026-12-03T15:00:00Z' },
      { name: 'Chen', readAt: '2026-12-03T16:00:00Z' },
    ]);
  });
});
