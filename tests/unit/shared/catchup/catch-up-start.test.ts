import { describe, expect, it } from 'vitest';
import { catchUpStart, catchUpStartWords, wasAbsent } from '../../../../shared/catchup/index.ts';

const MEETING = '2026-12-03T14:00:00.000Z';
const absent = [
  { name: 'Ana Ruiz', present: true },
  { name: 'Ben Okafor', present: false },
];

describe('where a catch-up starts', () => {
  it('starts a person who never opened the cycle from the meeting, or the cycle opening', () => {
    const input = { me: 'Chen Li', attendance: [], lastSeen: null };
    expect(catchUpStart({ ...input, meetingStartedAt: MEETING })).toEqual({
      from: 'meeting',
      at: MEETING,
    });
    expect(catchUpStart({ ...input, meetingStartedAt: null })).toEqual({ from: 'cycleOpened' });
  });

  it('starts a person from their last look at the list', () => {
    const lastSeen = { at: '2026-12-04T09:00:00.000Z', reviewed: true };
    expect(
      catchUpStart({ me: 'Ana Ruiz', attendance: absent, meetingStartedAt: MEETING, lastSeen }),
    ).toEqual({ from: 'lastVisit', at: lastSeen.at });
  });

  it('starts an absent person from the meeting when they have not looked since it started', () => {
    const glimpse = { at: '2026-12-03T14:30:00.000Z', reviewed: false };
    expect(
      catchUpStart({
        me: ' ben okafor ',
        attendance: absent,
        meetingStartedAt: MEETING,
        lastSeen: glimpse,
      }),
    ).toEqual({ from: 'meeting', at: MEETING });
    // A look before the meeting already covers everything since.
    const before = { at: '2026-12-01T08:00:00.000Z', reviewed: false };
    expect(
      catchUpStart({
        me: 'Ben Okafor',
        attendance: absent,
        meetingStartedAt: MEETING,
        lastSeen: before,
      }),
    ).toEqual({ from: 'lastVisit', at: before.at });
    // Once they looked at the list after the meeting, they have caught up.
    const looked = { ...glimpse, reviewed: true };
    expect(
      catchUpStart({
        me: 'Ben Okafor',
        attendance: absent,
        meetingStartedAt: MEETING,
        lastSeen: looked,
      }),
    ).toEqual({ from: 'lastVisit', at: looked.at });
  });

  it('reads absence from the attendance, without case', () => {
    expect(wasAbsent('BEN OKAFOR', absent)).toBe(true);
    expect(wasAbsent('Ana Ruiz', absent)).toBe(false);
    expect(wasAbsent('Chen Li', absent)).toBe(false);
  });

  it('says where the list starts', () => {
    const time = (iso: string) => iso.slice(0, 10);
    expect(catchUpStartWords({ from: 'meeting', at: MEETING }, time)).toBe(
      'since the meeting started, 2026-12-03',
    );
    expect(catchUpStartWords({ from: 'cycleOpened' }, time)).toBe('since the cycle opened');
  });
});

describe('a start kept on the device', () => {
  it('keeps starting from the meeting or the opening until the person looks at the list', () => {
    const base = { me: 'Chen Li', attendance: [], meetingStartedAt: MEETING };
    expect(
      catchUpStart({ ...base, lastSeen: { at: MEETING, reviewed: false, from: 'meeting' } }),
    ).toEqual({ from: 'meeting', at: MEETING });
    expect(
      catchUpStart({
        ...base,
        meetingStartedAt: null,
        lastSeen: { at: '2026-12-01T08:00:00.000Z', reviewed: false, from: 'cycleOpened' },
      }),
    ).toEqual({ from: 'cycleOpened' });
    expect(
      catchUpStart({ ...base, lastSeen: { at: MEETING, reviewed: true, from: 'meeting' } }),
    ).toEqual({ from: 'lastVisit', at: MEETING });
  });
});
