import { describe, expect, it } from 'vitest';
import {
  addDecision,
  createCycleDoc,
  archiveRecord,
  readRecords,
  recordVersions,
  reviseDecision,
  updateDecision,
} from '../../../../shared/doc/index.ts';
import { collection, metaMap, transact } from '../../../../shared/doc/layout.ts';
import { record } from '../../../../shared/doc/plan-commands.ts';
import { buildMinutes } from '../../../../shared/minutes/minutes.ts';
import { minutesMarkdown } from '../../../../shared/minutes/minutes-markdown.ts';
import { peer, sync } from '../../../helpers/docs.ts';

const AGREED = {
  question: 'Add a Saturday shift at Paint shop 1?',
  chosen: 'No',
  owner: 'Ben Okafor',
  status: 'agreed' as const,
  madeIn: '2026-12',
};
const NOTE = { by: 'Fran Facilitator', at: '2026-12-05T10:00:00.000Z', why: 'Demand rose 8%' };

describe('revising what was agreed', () => {
  it('keeps the agreed decision and reads the revision over it, with who, when and why', () => {
    const doc = createCycleDoc();
    const id = addDecision(doc, AGREED);
    expect(() => updateDecision(doc, id, { chosen: 'Yes, add the shift' })).toThrow(
      'updateDecision: an agreed decision cannot be changed: revise it, saying why',
    );
    expect(() => archiveRecord(doc, 'decisions', id, { at: NOTE.at })).toThrow(
      'an agreed decision stays in the record',
    );
    reviseDecision(doc, id, { chosen: 'Yes, add the shift' }, NOTE);
    expect(readRecords(doc, 'decisions').records[0]).toMatchObject({
      chosen: 'Yes, add the shift',
    });
    expect(collection(doc, 'decisions').get(id)?.get('chosen')).toBe('No');
    expect(recordVersions(doc, 'decisions', id).map((version) => version.fields.chosen)).toEqual([
      'No',
      'Yes, add the shift',
    ]);
    transact(doc, 'test', () => metaMap(doc).set('cycle', '2026-12'));
    const minutes = buildMinutes(doc);
    expect(minutes.decisions[0].revisions).toEqual([
      'Revised 5 Dec 2026 by Fran Facilitator: Demand rose 8% (chosen was "No").',
    ]);
    expect(minutesMarkdown(minutes)).toContain('Revised 5 Dec 2026 by Fran Facilitator');
  });

  it('asks why, refuses a revision that would break the decision, and one of a proposal', () => {
    const doc = createCycleDoc();
    const id = addDecision(doc, AGREED);
    expect(() => reviseDecision(doc, id, { chosen: 'Yes' }, { ...NOTE, why: '' })).toThrow(
      'say why it changed',
    );
    expect(() => reviseDecision(doc, id, { status: 'maybe' }, NOTE)).toThrow('status');
    const proposed = addDecision(doc, { ...AGREED, status: 'proposed' });
    expect(() => reviseDecision(doc, proposed, { chosen: 'Yes' }, NOTE)).toThrow(
      'is not agreed: change it directly',
    );
    expect(recordVersions(doc, 'decisions', id)).toHaveLength(1);
  });

  it('applies revisions made at once on two devices in the same order everywhere', () => {
    const a = peer(1);
    const id = addDecision(a, AGREED);
    const b = peer(2);
    sync(a, b);
    reviseDecision(a, id, { chosen: 'Yes' }, { ...NOTE, at: '2026-12-05T10:00:00.000Z' });
    reviseDecision(b, id, { chosen: 'Half a shift' }, { ...NOTE, at: '2026-12-05T10:01:00.000Z' });
    sync(a, b);
    sync(b, a);
    for (const doc of [a, b]) {
      expect(readRecords(doc, 'decisions').records[0].chosen).toBe('Half a shift');
      expect(recordVersions(doc, 'decisions', id)).toHaveLength(3);
    }
  });

  it('skips a revision another page wrote that would leave the decision invalid', () => {
    const doc = createCycleDoc();
    const id = addDecision(doc, AGREED);
    transact(doc, 'test', () =>
      collection(doc, 'revisions').set(
        'revision-bad',
        record({ target: 'decisions', record: id, fields: { status: 'maybe' }, ...NOTE }),
      ),
    );
    expect(readRecords(doc, 'decisions').records[0].status).toBe('agreed');
    expect(recordVersions(doc, 'decisions', id)).toHaveLength(1);
  });
});
