/**
 * Where a person's catch-up starts. Someone who looked at the list before starts from
 * that look; someone who never opened the cycle, or who was marked absent from the
 * meeting and has not looked since it started, starts from the meeting's start, or from
 * the cycle's opening when there was no meeting yet: they see everything they missed,
 * never "nothing has changed".
 */
export type CatchUpStart =
  { from: 'lastVisit'; at: string } | { from: 'meeting'; at: string } | { from: 'cycleOpened' };

/** What {@link catchUpStart} decides from. */
export interface CatchUpStartInput {
  /** The person's name, as their invite gives it. */
  me: string;
  /** The meeting's attendance records. */
  attendance: readonly { name: string; present: boolean }[];
  /** When the meeting started (ISO time); null when it has not. */
  meetingStartedAt: string | null;
  /**
   * What the person last saw on this device: when, whether they looked at the list, and
   * where it was taken from when it was not a look of theirs (the meeting's start, the
   * cycle's opening).
   */
  lastSeen: { at: string; reviewed: boolean; from?: 'meeting' | 'cycleOpened' } | null;
}

/** True when the attendance lists the person as absent (names compare without case). */
export function wasAbsent(me: string, attendance: CatchUpStartInput['attendance']): boolean {
  const name = normalName(me);
  return attendance.some((record) => normalName(record.name) === name && !record.present);
}

/**
 * Where the catch-up of `input.me` starts (see the module comment). A last look stands
 * unless the person was absent and it was not a look at the list made since the meeting
 * started (a reviewed look after the start means they caught up already).
 */
export function catchUpStart(input: CatchUpStartInput): CatchUpStart {
  const { lastSeen, meetingStartedAt } = input;
  if (lastSeen !== null) {
    const missedMeeting =
      meetingStartedAt !== null &&
      wasAbsent(input.me, input.attendance) &&
      lastSeen.at > meetingStartedAt &&
      !lastSeen.reviewed;
    if (!missedMeeting && !lastSeen.reviewed && lastSeen.from === 'cycleOpened') {
      return { from: 'cycleOpened' };
    }
    if (!missedMeeting && !lastSeen.reviewed && lastSeen.from === 'meeting') {
      return { from: 'meeting', at: lastSeen.at };
    }
    if (!missedMeeting) return { from: 'lastVisit', at: lastSeen.at };
  }
  return meetingStartedAt !== null
    ? { from: 'meeting', at: meetingStartedAt }
    : { from: 'cycleOpened' };
}

/** How the start reads above the list: "since the meeting started on 3 Dec, 14:05". */
export function catchUpStartWords(start: CatchUpStart, time: (iso: string) => string): string {
  if (start.from === 'cycleOpened') return 'since the cycle opened';
  if (start.from === 'meeting') return `since the meeting started, ${time(start.at)}`;
  return `since you were here, ${time(start.at)}`;
}

function normalName(name: string): string {
  return name.trim().toLowerCase();
}
