import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addComment,
  createUndoTracker,
  docSnapshot,
  linkKey,
  parseGapId,
  parseLink,
  raiseFromGap,
  setGapNote,
} from '../../../../shared/doc/index.ts';
import { OPEN_RISK } from '../../../helpers/work-records.ts';

const GAP = 'shortage:F01:2027-02';

const action = {
  title: 'Expedite resin from the second supplier',
  owner: 'Ana',
  due: '2027-01-15',
  status: 'open' as const,
  raisedIn: '2026-12',
};

describe('links', () => {
  it('read as kind and id, keeping colons of the id', () => {
    expect(parseLink(`gap:${GAP}`)).toEqual({ kind: 'gap', id: GAP });
    expect(parseLink('risk:risks-1a2b3c4d')).toEqual({ kind: 'risk', id: 'risks-1a2b3c4d' });
    expect(linkKey('decision', 'd-1')).toBe('decision:d-1');
  });

  it('refuse unknown kinds and empty parts', () => {
    expect(parseLink('forecast:s1')).toBeNull();
    expect(parseLink('risk:')).toBeNull();
    expect(parseLink(':x')).toBeNull();
    expect(parseLink('plain text')).toBeNull();
  });

  it('read gap ids, whose subjects may hold colons', () => {
    expect(parseGapId(GAP)).toEqual({ kind: 'shortage', subject: 'F01', period: '2027-02' });
    expect(parseGapId('overload:R:1:2026-12')).toEqual({
      kind: 'overload',
      subject: 'R:1',
      period: '2026-12',
    });
    expect(parseGapId('shortage:F01')).toBeNull();
    expect(parseGapId('leak:F01:2027-02')).toBeNull();
    expect(parseGapId('shortage:F01:2027-13')).toBeNull();
    expect(parseGapId('shortage::2027-02')).toBeNull();
    expect(parseGapId('shortage:F01:2027-02:')).toBeNull();
  });
});

describe('raiseFromGap', () => {
  it('adds the item linked to the gap and links the gap note to the item', () => {
    const doc = new Y.Doc();
    const id = raiseFromGap(doc, GAP, { kind: 'action', fields: action }, 'a1');
    expect(id).toBe('a1');
    const snapshot = docSnapshot(doc).collections;
    expect(snapshot.actions.a1).toEqual({
      ...action,
      links: [`gap:${GAP}`],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(snapshot.gapNotes[GAP]).toEqual({ status: 'open', links: ['action:a1'] });
  });

  it('keeps the gap note and the item links it already had, without duplicates', () => {
    const doc = new Y.Doc();
    setGapNote(doc, GAP, { owner: 'Ben', note: 'Second shift?', status: 'inProgress' });
    raiseFromGap(
      doc,
      GAP,
      {
        kind: 'risk',
        fields: { ...OPEN_RISK, links: ['family:F01', `gap:${GAP}`] },
      },
      'r1',
    );
    raiseFromGap(
      doc,
      GAP,
      {
        kind: 'decision',
        fields: { question: 'Run a second shift?', status: 'proposed', madeIn: '2026-12' },
      },
      'd1',
    );
    const snapshot = docSnapshot(doc).collections;
    expect(snapshot.risks.r1.links).toEqual(['family:F01', `gap:${GAP}`]);
    expect(snapshot.decisions.d1.links).toEqual([`gap:${GAP}`]);
    expect(snapshot.gapNotes[GAP]).toEqual({
      owner: 'Ben',
      note: 'Second shift?',
      status: 'inProgress',
      links: ['risk:r1', 'decision:d1'],
    });
  });

  it('writes in one transaction: one undo takes back the item and the link', () => {
    const doc = new Y.Doc();
    const undo = createUndoTracker(doc);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    raiseFromGap(doc, GAP, { kind: 'action', fields: action }, 'a1');
    expect(transactions).toBe(1);
    undo.undo();
    const snapshot = docSnapshot(doc).collections;
    expect(snapshot.actions).toEqual({});
    expect(snapshot.gapNotes).toEqual({});
    undo.destroy();
  });

  it('refuses invalid input with a message naming the field, and writes nothing', () => {
    const doc = new Y.Doc();
    const before = Y.encodeStateVector(doc);
    expect(() =>
      raiseFromGap(doc, GAP, { kind: 'action', fields: { ...action, owner: '' } }),
    ).toThrow('raiseFromGap: owner: an action needs one owner');
    expect(() =>
      raiseFromGap(doc, GAP, { kind: 'action', fields: { ...action, title: '  ' } }),
    ).toThrow('raiseFromGap: title: the action needs a title');
    expect(() =>
      raiseFromGap(doc, GAP, { kind: 'action', fields: { ...action, due: 'soon' } }),
    ).toThrow('raiseFromGap: due: must be a date YYYY-MM-DD');
    expect(() => raiseFromGap(doc, 'F01', { kind: 'action', fields: action })).toThrow(
      'raiseFromGap: "F01" is not a gap id',
    );
    expect(() => raiseFromGap(doc, GAP, { kind: 'npi', fields: action } as never)).toThrow(
      'raiseFromGap: a gap raises a risk, a decision or an action',
    );
    raiseFromGap(doc, GAP, { kind: 'action', fields: action }, 'a1');
    const after = Y.encodeStateVector(doc);
    expect(() => raiseFromGap(doc, GAP, { kind: 'action', fields: action }, 'a1')).toThrow(
      'raiseFromGap: "a1" already exists',
    );
    expect(Y.encodeStateVector(doc)).toEqual(after);
    expect(after).not.toEqual(before);
  });
});

describe('comments on work items', () => {
  it('anchor to risks, decisions, actions, product development items and stages', () => {
    const doc = new Y.Doc();
    for (const anchorKind of ['risk', 'decision', 'action', 'npi', 'stage'] as const) {
      addComment(
        doc,
        {
          anchorKind,
          anchor: 'x1',
          text: 'Looks right',
          author: 'Ana',
          at: '2026-12-03T10:00:00Z',
        },
        `c-${anchorKind}`,
      );
    }
    expect(Object.keys(docSnapshot(doc).collections.comments).sort()).toEqual([
      'c-action',
      'c-decision',
      'c-npi',
      'c-risk',
      'c-stage',
    ]);
    expect(() =>
      addComment(doc, {
        anchorKind: 'scenario' as never,
        anchor: 'x1',
        text: 'No',
        author: 'Ana',
        at: '2026-12-03T10:00:00Z',
      }),
    ).toThrow('addComment: anchorKind');
  });
});
