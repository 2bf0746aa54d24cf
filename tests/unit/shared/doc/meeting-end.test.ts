import { describe, expect, it } from 'vitest';
import {
  addStandardAgenda,
  closeAgendaItem,
  createCycleDoc,
  createUndoTracker,
  endMeeting,
  isMeetingEnded,
  readMeeting,
  readMeetingEnd,
  readRecords,
  recordVersions,
  resumeMeeting,
  startAgendaItem,
  startMeeting,
} from '../../../../shared/doc/index.ts';

const START = '2026-12-10T09:00:00.000Z';
const END = '2026-12-10T10:20:00.000Z';
const BY = 'Fran Facilitator';

function meetingHeld() {
  const doc = createCycleDoc();
  addStandardAgenda(doc);
  startMeeting(doc, 'agenda-1', START);
  return doc;
}

describe('ending the meeting', () => {
  it('records who ended it and when, and the meeting reads as ended', () => {
    const doc = meetingHeld();
    expect(readMeetingEnd(doc)).toBeNull();
    endMeeting(doc, { by: BY, at: END });
    expect(isMeetingEnded(doc)).toBe(true);
    expect(readMeetingEnd(doc)).toEqual({ endedAt: END, endedBy: BY });
    expect(readMeeting(doc)).toMatchObject({ startedAt: START, endedAt: END, endedBy: BY });
  });

  it('refuses ending a meeting not started, ended twice, before its start or by no one', () => {
    const fresh = createCycleDoc();
    addStandardAgenda(fresh);
    expect(() => endMeeting(fresh, { by: BY, at: END })).toThrow(/has not started/);
    const doc = meetingHeld();
    expect(() => endMeeting(doc, { by: ' ', at: END })).toThrow(/name the person/);
    expect(() => endMeeting(doc, { by: BY, at: '2026-12-10T08:00:00.000Z' })).toThrow(
      /before it started/,
    );
    endMeeting(doc, { by: BY, at: END });
    expect(() => endMeeting(doc, { by: BY, at: END })).toThrow(/already ended/);
  });

  it('stops the meeting: no other item starts until it is resumed', () => {
    const doc = meetingHeld();
    endMeeting(doc, { by: BY, at: END });
    expect(() => startAgendaItem(doc, 'agenda-2', END)).toThrow(/has ended/);
    expect(() => startMeeting(doc, 'agenda-2', END)).toThrow(/has ended/);
    resumeMeeting(doc);
    expect(readMeetingEnd(doc)).toBeNull();
    startAgendaItem(doc, 'agenda-2', END);
    expect(readMeeting(doc).currentItem).toBe('agenda-2');
    expect(() => resumeMeeting(doc)).toThrow(/has not ended/);
  });

  it('is part of the record: undo does not take it back', () => {
    const doc = meetingHeld();
    const undo = createUndoTracker(doc);
    endMeeting(doc, { by: BY, at: END });
    undo.undo();
    expect(isMeetingEnded(doc)).toBe(true);
  });

  it('closes an item after the end as a revision that says so, in place before it', () => {
    const doc = meetingHeld();
    closeAgendaItem(doc, 'agenda-1', { kind: 'noted', by: BY, at: START });
    endMeeting(doc, { by: BY, at: END });
    closeAgendaItem(doc, 'agenda-2', { kind: 'noted', by: BY, at: END });
    const versions = recordVersions(doc, 'agenda', 'agenda-2');
    expect(versions).toHaveLength(2);
    expect(versions[0].fields.outcome).toBeUndefined();
    expect(versions[1].revision).toMatchObject({ by: BY, why: 'Closed after the meeting ended' });
    // Every reader sees it closed, with its revision kept beside it.
    const item = readRecords(doc, 'agenda').records.find((entry) => entry.id === 'agenda-2');
    expect(item?.outcome).toMatchObject({ kind: 'noted', by: BY });
    // Item 1, closed in the meeting, was closed in place.
    expect(recordVersions(doc, 'agenda', 'agenda-1')).toHaveLength(1);
  });
});
