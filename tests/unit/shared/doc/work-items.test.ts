import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAction,
  addAgendaItem,
  addComment,
  addDecision,
  addNpiItem,
  addRisk,
  addStandardAgenda,
  agendaNotes,
  closeAgendaItem,
  archiveRecord,
  docSnapshot,
  readRecords,
  recordVersions,
  reopenAgendaItem,
  setGapNote,
  setStage,
  signOff,
  startAgendaItem,
  startMeeting,
  STANDARD_AGENDA,
  updateAction,
  updateRisk,
} from '../../../../shared/doc/index.ts';
import { meetingMap } from '../../../../shared/doc/layout.ts';
import { OPEN_RISK as risk } from '../../../helpers/work-records.ts';

describe('work item commands', () => {
  it('refuse invalid input with a message naming the field, and write nothing', () => {
    const doc = new Y.Doc();
    const before = Y.encodeStateVector(doc);
    expect(() => addRisk(doc, { ...risk, probability: 9 })).toThrow('addRisk: probability');
    expect(() =>
      addAction(doc, {
        title: 'Call',
        owner: '',
        due: '2026-12-20',
        status: 'open',
        raisedIn: '2026-12',
      }),
    ).toThrow('addAction: owner: an action needs one owner');
    expect(() =>
      addAction(doc, {
        title: 'Call',
        owner: 'Ana',
        due: 'soon',
        status: 'open',
        raisedIn: '2026-12',
      }),
    ).toThrow('addAction: due: must be a date YYYY-MM-DD');
    expect(() =>
      addDecision(doc, { question: 'Shift?', status: 'maybe' as never, madeIn: '2026-12' }),
    ).toThrow('addDecision: status');
    expect(() =>
      addComment(doc, { anchorKind: 'gap', anchor: 'x', text: '', author: 'Ana', at: 't' }),
    ).toThrow('addComment: text: a comment needs text');
    expect(() => updateRisk(doc, 'nope', { impact: 2 })).toThrow(
      'updateRisk: no risks item "nope"',
    );
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('create, edit, clear optional fields and delete', () => {
    const doc = new Y.Doc();
    const id = addRisk(doc, { ...risk, owner: 'Ana' });
    updateRisk(doc, id, { status: 'mitigating', mitigation: 'Second supplier', owner: undefined });
    expect(() => updateRisk(doc, id, { title: undefined })).toThrow('updateRisk: title');
    expect(docSnapshot(doc).collections.risks[id]).toEqual({
      impact: 4,
      kind: 'risk',
      mitigation: 'Second supplier',
      probability: 3,
      raisedIn: '2026-12',
      status: 'mitigating',
      title: 'Resin shortage',
    });
    const action = addAction(doc, {
      title: 'Qualify supplier',
      owner: 'Ben',
      due: '2027-01-15',
      status: 'open',
      raisedIn: '2026-12',
      links: [`risk:${id}`],
    });
    updateAction(doc, action, { status: 'done' });
    archiveRecord(doc, 'risks', id, { at: '2026-12-05T10:00:00Z', by: 'Ana' });
    expect(readRecords(doc, 'risks').records).toEqual([]);
    expect(readRecords(doc, 'risks', { archived: true }).records[0]).toMatchObject({
      archived: { at: '2026-12-05T10:00:00Z', by: 'Ana' },
    });
    expect(docSnapshot(doc).collections.actions[action]).toMatchObject({
      status: 'done',
      links: [`risk:${id}`],
    });
    addNpiItem(
      doc,
      { name: 'Cordless saw', stage: 'development', plannedLaunch: '2027-04' },
      'npi-1',
    );
    expect(docSnapshot(doc).collections.npi['npi-1']).toMatchObject({ stage: 'development' });
  });

  it('gap notes are kept by gap id and patched field by field', () => {
    const doc = new Y.Doc();
    setGapNote(doc, 'shortage:F01:2027-02', { owner: 'Ana' });
    setGapNote(doc, 'shortage:F01:2027-02', { note: 'Expedite', status: 'inProgress' });
    expect(docSnapshot(doc).collections.gapNotes['shortage:F01:2027-02']).toEqual({
      note: 'Expedite',
      owner: 'Ana',
      status: 'inProgress',
    });
    expect(() => setGapNote(doc, 'x', { status: 'later' as never })).toThrow('setGapNote: status');
  });

  it('the agenda: standard items, notes as shared text, one outcome, the meeting follows', () => {
    const doc = new Y.Doc();
    const ids = addStandardAgenda(doc);
    expect(ids).toHaveLength(10);
    expect(Object.values(docSnapshot(doc).collections.agenda).map((item) => item.title)).toEqual(
      expect.arrayContaining(STANDARD_AGENDA.map((item) => item.title)),
    );
    agendaNotes(doc, ids[0]).insert(0, 'Demand up 4% in Q1.');
    expect(docSnapshot(doc).collections.agenda[ids[0]].notes).toBe('Demand up 4% in Q1.');
    expect(() => closeAgendaItem(doc, ids[0], { kind: 'decision', by: 'Ana', at: 't' })).toThrow(
      'closeAgendaItem: a decision outcome names the decision it records',
    );
    closeAgendaItem(doc, ids[0], { kind: 'noted', by: 'Ana', at: 't' });
    expect(() => closeAgendaItem(doc, ids[0], { kind: 'noted', by: 'Ben', at: 't' })).toThrow(
      'already closed',
    );
    const why = 'The forecast came in late';
    reopenAgendaItem(doc, ids[0], { by: 'Fran', at: '2026-12-03T09:05:00Z', why });
    closeAgendaItem(doc, ids[0], { kind: 'action', ref: 'action-1', by: 'Ben', at: 't2' });
    // The first outcome is never changed in place: the reopening and the new close are
    // revisions beside it, and every version stays readable.
    expect(readRecords(doc, 'agenda').records[0].outcome).toMatchObject({ kind: 'action' });
    expect(
      recordVersions(doc, 'agenda', ids[0]).map(({ fields, revision }) => [
        (fields.outcome as { kind: string } | undefined)?.kind ?? 'open',
        revision?.why ?? 'closed',
      ]),
    ).toEqual([
      ['noted', 'closed'],
      ['open', why],
      ['action', 'Closed again after it was reopened'],
    ]);
    startMeeting(doc, ids[0], '2026-12-03T09:00:00Z');
    startAgendaItem(doc, ids[1], '2026-12-03T09:11:00Z');
    expect(meetingMap(doc).toJSON()).toEqual({
      startedAt: '2026-12-03T09:00:00Z',
      currentItem: ids[1],
      itemStartedAt: '2026-12-03T09:11:00Z',
    });
    expect(() => startAgendaItem(doc, 'nope', 't')).toThrow(
      'startAgendaItem: no agenda item "nope"',
    );
    expect(() => addAgendaItem(doc, { title: 'Long', timeBoxMinutes: 999 })).toThrow(
      'addAgendaItem: timeBoxMinutes',
    );
  });

  it('stages and sign-offs per function', () => {
    const doc = new Y.Doc();
    setStage(doc, 'demand', { status: 'inProgress', owner: 'Ana', due: '2026-12-05' });
    setStage(doc, 'demand', { status: 'done', due: undefined });
    signOff(doc, 'demand', 'sales', 'Ana', '2026-12-05T10:00:00Z');
    signOff(doc, 'demand', 'finance', 'Fay', '2026-12-05T11:00:00Z');
    signOff(doc, 'demand', 'finance', undefined, '2026-12-05T12:00:00Z');
    const snapshot = docSnapshot(doc).collections;
    expect(snapshot.stages.demand).toEqual({ owner: 'Ana', status: 'done' });
    expect(snapshot.signoffs).toEqual({
      'demand|sales': { at: '2026-12-05T10:00:00Z', by: 'Ana' },
    });
    expect(() => setStage(doc, 'launch' as never, {})).toThrow('setStage');
    expect(() => signOff(doc, 'demand', 'legal' as never, 'X', 't')).toThrow('signOff');
  });
});
