import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addDecision,
  addRisk,
  archiveRecord,
  onDocChange,
  readRecords,
  reviseDecision,
  updateRisk,
  type CycleDoc,
  type RecordChecks,
} from '../../../../shared/doc/index.ts';
import { collection, transact } from '../../../../shared/doc/layout.ts';
import { record } from '../../../../shared/doc/plan-commands.ts';
import { peer, sync } from '../../../helpers/docs.ts';
import { OPEN_RISK as RISK } from '../../../helpers/work-records.ts';

/** Checks kept as the page keeps them: each change forgets the records it touched. */
function keptChecks(doc: CycleDoc): Map<string, RecordChecks> {
  const kept = new Map<string, RecordChecks>();
  onDocChange(doc, ({ touched }) => {
    for (const [root, ids] of touched) for (const id of ids) kept.get(root)?.delete(id);
  });
  return kept;
}

function checksOf(kept: Map<string, RecordChecks>, name: string): RecordChecks {
  let checks = kept.get(name);
  if (!checks) kept.set(name, (checks = new Map()));
  return checks;
}

describe('reading records again with what was checked before', () => {
  it('reads as a fresh reading does, and only what a change touched is new', () => {
    const doc = new Y.Doc();
    const kept = keptChecks(doc);
    const read = () => readRecords(doc, 'risks', { checks: checksOf(kept, 'risks') });
    const first = addRisk(doc, RISK, 'risk-1');
    const second = addRisk(doc, { ...RISK, title: 'Port strike' }, 'risk-2');
    const before = read();
    expect(before).toEqual(readRecords(doc, 'risks'));

    updateRisk(doc, second, { status: 'mitigating', mitigation: 'Second port' });
    const after = read();
    expect(after).toEqual(readRecords(doc, 'risks'));
    expect(after.records[0]).toBe(before.records[0]);
    expect(after.records[1]).not.toBe(before.records[1]);
    expect(after.records[1]).toMatchObject({ status: 'mitigating', mitigation: 'Second port' });

    archiveRecord(doc, 'risks', first, { at: '2026-12-05T10:00:00Z', by: 'Ana' });
    expect(read().records.map((risk) => risk.id)).toEqual([second]);
    transact(doc, 'test', () => collection(doc, 'risks').delete(second));
    expect(read().records).toEqual([]);
    // What was read of a deleted record is let go; the archived one is still kept.
    expect([...checksOf(kept, 'risks').keys()]).toEqual([first]);
  });

  it('reads a record afresh when another peer replaced it, or made it invalid and valid again', () => {
    const doc = new Y.Doc();
    const kept = keptChecks(doc);
    const read = () => readRecords(doc, 'risks', { checks: checksOf(kept, 'risks') });
    addRisk(doc, RISK, 'risk-1');
    expect(read().records[0].title).toBe('Resin shortage');

    const other = peer(2);
    sync(doc, other);
    transact(other, 'test', () =>
      collection(other, 'risks').set('risk-1', record({ ...RISK, title: 'Late resin' })),
    );
    // Even were the change not told (what was checked put back), the map now in its place
    // is another record.
    const checked = checksOf(kept, 'risks').get('risk-1')!;
    sync(other, doc);
    checksOf(kept, 'risks').set('risk-1', checked);
    expect(read().records[0].title).toBe('Late resin');

    transact(other, 'test', () => collection(other, 'risks').get('risk-1')?.set('impact', 9));
    sync(other, doc);
    expect(read()).toEqual({ records: [], invalid: ['risks.risk-1: must be at most 5'] });
    transact(other, 'test', () => collection(other, 'risks').get('risk-1')?.set('impact', 2));
    sync(other, doc);
    expect(read().records[0]).toMatchObject({ title: 'Late resin', impact: 2 });
  });

  it('reads a decision with revisions afresh each time: a revision does not touch the decision', () => {
    const doc = new Y.Doc();
    const kept = keptChecks(doc);
    const read = () => readRecords(doc, 'decisions', { checks: checksOf(kept, 'decisions') });
    const note = { by: 'Fran', at: '2026-12-05T10:00:00.000Z', why: 'Demand rose 8%' };
    const id = addDecision(doc, {
      question: 'Add a Saturday shift?',
      chosen: 'No',
      owner: 'Ben',
      status: 'agreed',
      madeIn: '2026-12',
    });
    expect(read().records[0].chosen).toBe('No');
    reviseDecision(doc, id, { chosen: 'Yes' }, note);
    expect(read().records[0].chosen).toBe('Yes');
    reviseDecision(
      doc,
      id,
      { chosen: 'Yes, two shifts' },
      { ...note, at: '2026-12-06T09:00:00.000Z' },
    );
    expect(read().records[0].chosen).toBe('Yes, two shifts');
    expect(read()).toEqual(readRecords(doc, 'decisions'));
  });
});
