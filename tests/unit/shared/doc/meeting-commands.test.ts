import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAction,
  addDecision,
  addStandardAgenda,
  agendaNotes,
  closeAgendaItem,
  closeWithAction,
  closeWithDecision,
  closeWithExisting,
  createNotesUndo,
  createUndoTracker,
  docSnapshot,
  readRecords,
} from '../../../../shared/doc/index.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';
import { peer, sync, syncAll } from '../../../helpers/docs.ts';

const AT = '2026-12-03T09:15:00.000Z';
const closer = { by: 'Ana Ruiz', at: AT };
const decision = {
  question: 'Add a second shift on Assembly line 1 from February?',
  chosen: 'Yes, from 1 February',
  owner: 'Ben Okafor',
  madeIn: '2026-12',
};
const action = {
  title: 'Ask two resin suppliers for February quotes',
  owner: 'Chen Li',
  due: '2026-12-15',
  raisedIn: '2026-12',
};

function meetingDoc(): Y.Doc {
  const doc = new Y.Doc();
  addStandardAgenda(doc);
  return doc;
}

function outcomeOf(doc: Y.Doc, id: string): unknown {
  return readRecords(doc, 'agenda').records.find((item) => item.id === id)?.outcome;
}

describe('closeWithDecision', () => {
  it('records an agreed decision linked to the item and closes the item with it', () => {
    const doc = meetingDoc();
    const id = closeWithDecision(doc, 'agenda-4', decision, closer);
    const [made] = readRecords(doc, 'decisions').records;
    expect(made).toEqual({ ...decision, id, status: 'agreed', links: ['agenda:agenda-4'] });
    expect(outcomeOf(doc, 'agenda-4')).toEqual({ kind: 'decision', ref: id, ...closer });
  });

  it('writes both in one transaction, which undo never takes back: it is the record', () => {
    const doc = meetingDoc();
    const undo = createUndoTracker(doc);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    closeWithDecision(doc, 'agenda-4', decision, closer);
    expect(transactions).toBe(1);
    // A closed item and an agreed decision change only by a revision (the relay refuses
    // removing them), so they are not an undo step.
    expect(undo.canUndo).toBe(false);
    expect(undo.undo()).toBe(false);
    expect(readRecords(doc, 'decisions').records).toHaveLength(1);
    expect(outcomeOf(doc, 'agenda-4')).toBeDefined();
    undo.destroy();
  });

  it('refuses what is not a decision made, and writes nothing', () => {
    const doc = meetingDoc();
    const before = Y.encodeStateVector(doc);
    expect(() =>
      closeWithDecision(doc, 'agenda-4', { ...decision, question: '  ' }, closer),
    ).toThrow('closeWithDecision: question: write the question the meeting decided.');
    expect(() => closeWithDecision(doc, 'agenda-4', { ...decision, chosen: '' }, closer)).toThrow(
      'closeWithDecision: chosen: write the option the meeting chose.',
    );
    expect(() =>
      closeWithDecision(doc, 'agenda-4', { ...decision, due: 'Friday' }, closer),
    ).toThrow('closeWithDecision: due: must be a date YYYY-MM-DD');
    expect(() => closeWithDecision(doc, 'agenda-4', decision, { by: '', at: AT })).toThrow(
      'closeWithDecision: by: the person closing the item must be named',
    );
    expect(() => closeWithDecision(doc, 'agenda-4', decision, { by: 'Ana', at: 'now' })).toThrow(
      'closeWithDecision: at: must be an ISO time',
    );
    expect(() => closeWithDecision(doc, 'agenda-99', decision, closer)).toThrow(
      'closeWithDecision: no agenda item "agenda-99"',
    );
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('names every missing part of an agreed decision at once, field by field', () => {
    const doc = meetingDoc();
    const refusal = caught(() =>
      closeWithDecision(
        doc,
        'agenda-4',
        { question: ' ', chosen: '', owner: '', madeIn: '2026-12' },
        closer,
      ),
    );
    expect(refusal).toBeInstanceOf(CommandError);
    expect(refusal).toMatchObject({
      command: 'closeWithDecision',
      issues: [
        { path: 'question', message: 'write the question the meeting decided.' },
        { path: 'chosen', message: 'write the option the meeting chose.' },
        { path: 'owner', message: 'name the one person who sees the decision through.' },
      ],
    });
    expect(readRecords(doc, 'decisions').records).toEqual([]);
  });

  it('lets a deferred decision close the item without a chosen option', () => {
    const doc = meetingDoc();
    const id = closeWithDecision(
      doc,
      'agenda-6',
      { question: decision.question, status: 'deferred', madeIn: '2026-12' },
      closer,
    );
    expect(readRecords(doc, 'decisions').records[0]).toMatchObject({ id, status: 'deferred' });
  });

  it('refuses an item that is already closed and records no orphan decision', () => {
    const doc = meetingDoc();
    closeAgendaItem(doc, 'agenda-4', { kind: 'noted', by: 'Ana', at: AT });
    expect(() => closeWithDecision(doc, 'agenda-4', decision, closer)).toThrow(
      'closeWithDecision: agenda item "agenda-4" is already closed',
    );
    expect(readRecords(doc, 'decisions').records).toEqual([]);
  });

  it('keeps links given with the decision and adds the item once', () => {
    const doc = meetingDoc();
    closeWithDecision(
      doc,
      'agenda-8',
      { ...decision, links: ['gap:overload:L1:2027-02', 'agenda:agenda-8'] },
      closer,
    );
    expect(readRecords(doc, 'decisions').records[0].links).toEqual([
      'gap:overload:L1:2027-02',
      'agenda:agenda-8',
    ]);
  });
});

describe('closeWithAction', () => {
  it('raises an open action with one owner, linked to the item, and closes the item', () => {
    const doc = meetingDoc();
    const id = closeWithAction(doc, 'agenda-10', action, closer);
    expect(readRecords(doc, 'actions').records).toEqual([
      {
        ...action,
        id,
        status: 'open',
        links: ['agenda:agenda-10'],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(outcomeOf(doc, 'agenda-10')).toEqual({ kind: 'action', ref: id, ...closer });
  });

  it('refuses an action without title, owner or due date, and writes nothing', () => {
    const doc = meetingDoc();
    const before = Y.encodeStateVector(doc);
    expect(() => closeWithAction(doc, 'agenda-10', { ...action, title: ' ' }, closer)).toThrow(
      'closeWithAction: title: write what is to be done.',
    );
    expect(() => closeWithAction(doc, 'agenda-10', { ...action, owner: '' }, closer)).toThrow(
      'closeWithAction: owner: an action needs exactly one owner.',
    );
    expect(() => closeWithAction(doc, 'agenda-10', { ...action, due: '' }, closer)).toThrow(
      'closeWithAction: due: pick the date it is due.',
    );
    expect(
      caught(() =>
        closeWithAction(
          doc,
          'agenda-10',
          { title: '', owner: '', due: '', raisedIn: '2026-12' },
          closer,
        ),
      ),
    ).toMatchObject({
      issues: [
        { path: 'title', message: 'write what is to be done.' },
        { path: 'owner', message: 'an action needs exactly one owner.' },
        { path: 'due', message: 'pick the date it is due.' },
      ],
    });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});

describe('closeWithExisting', () => {
  it('closes with a decision recorded earlier and links it to the item', () => {
    const doc = meetingDoc();
    const id = addDecision(doc, { ...decision, status: 'proposed', links: ['risk:r1'] });
    closeWithExisting(doc, 'agenda-6', 'decision', id, closer);
    expect(outcomeOf(doc, 'agenda-6')).toEqual({ kind: 'decision', ref: id, ...closer });
    expect(readRecords(doc, 'decisions').records[0].links).toEqual(['risk:r1', 'agenda:agenda-6']);
  });

  it('closes with an existing action', () => {
    const doc = meetingDoc();
    const id = addAction(doc, { ...action, status: 'open' });
    closeWithExisting(doc, 'agenda-10', 'action', id, closer);
    expect(outcomeOf(doc, 'agenda-10')).toEqual({ kind: 'action', ref: id, ...closer });
    expect(readRecords(doc, 'actions').records[0].links).toEqual(['agenda:agenda-10']);
  });

  it('refuses a decision or action that does not exist, and writes nothing', () => {
    const doc = meetingDoc();
    const before = Y.encodeStateVector(doc);
    expect(() => closeWithExisting(doc, 'agenda-6', 'decision', 'decisions-x', closer)).toThrow(
      'closeWithExisting: no decision "decisions-x"',
    );
    expect(() => closeWithExisting(doc, 'agenda-6', 'action', 'actions-x', closer)).toThrow(
      'closeWithExisting: no action "actions-x"',
    );
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});

describe('closing concurrently', () => {
  it('two people closing one item at once end with one whole outcome on every peer', () => {
    const a = peer(1);
    addStandardAgenda(a);
    const b = peer(2);
    sync(a, b);
    const fromA = closeWithDecision(a, 'agenda-4', decision, closer);
    const fromB = closeWithAction(b, 'agenda-4', action, { by: 'Ben Okafor', at: AT });
    syncAll([a, b]);
    expect(docSnapshot(a)).toEqual(docSnapshot(b));
    const outcome = outcomeOf(a, 'agenda-4') as { kind: string; ref: string; by: string };
    expect(
      (outcome.kind === 'decision' && outcome.ref === fromA && outcome.by === 'Ana Ruiz') ||
        (outcome.kind === 'action' && outcome.ref === fromB && outcome.by === 'Ben Okafor'),
    ).toBe(true);
    // Both records survive: the one that lost the close is still findable by its link.
    expect(readRecords(a, 'decisions').records[0].links).toEqual(['agenda:agenda-4']);
    expect(readRecords(a, 'actions').records[0].links).toEqual(['agenda:agenda-4']);
  });
});

describe('createNotesUndo', () => {
  it('undoes only the edits of the origin it tracks, never another peer’s', () => {
    const a = peer(1);
    addStandardAgenda(a);
    const b = peer(2);
    sync(a, b);
    const mine = { editor: 'a' };
    const undo = createNotesUndo(agendaNotes(a, 'agenda-1'));
    undo.addTrackedOrigin(mine);
    a.transact(() => agendaNotes(a, 'agenda-1').insert(0, 'Demand up 4%.'), mine);
    agendaNotes(b, 'agenda-1').insert(0, 'Finance: ');
    syncAll([a, b]);
    const merged = agendaNotes(a, 'agenda-1').toString();
    expect(merged).toContain('Finance: ');
    expect(merged).toContain('Demand up 4%.');
    undo.undo();
    expect(agendaNotes(a, 'agenda-1').toString()).toBe('Finance: ');
    undo.destroy();
  });
});

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to refuse');
}
