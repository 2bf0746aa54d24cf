import {
  INPUT_STATUS_WORDS,
  INPUT_STATUSES,
  type InputStatusId,
} from '../../../../shared/vocabulary/index.ts';
import type { StatusInfo } from '../../lib/work-kinds.ts';
import { formatWhen } from '../../lib/format.ts';

/**
 * How preparation reads on the page: each function's input status in words and colour,
 * when something happened, and who is expected to read the pre-read. Plain functions of
 * plain data, tested without a page.
 */

/** A function's input status. */
export type { InputStatusId };

/** Input statuses: their words and tone (colour always beside the text). */
export const INPUT_STATUS: Record<InputStatusId, StatusInfo> = INPUT_STATUS_WORDS;

export { INPUT_STATUSES };

/** Who last changed a function's inputs and when: `Submitted by Ana Ortiz, Dec 3, 02:05 PM`. */
export function inputLine(
  record: { status: InputStatusId; by: string; at: string } | undefined,
  locale?: string,
): string {
  if (!record) return 'Not reported yet';
  return `${INPUT_STATUS[record.status].label} by ${record.by}, ${formatWhen(record.at, locale)}`;
}

/** Someone expected to read the pre-read, and when they did (null: not yet). */
export interface ExpectedReader {
  name: string;
  readAt: string | null;
}

/**
 * Who should read the pre-read: the people on the meeting's attendance list and the
 * people here now who take part (a viewer only follows: expected only once on the
 * attendance list), plus anyone who read it, viewers included.
 * Those who have not read it come first, by name; then the readers, earliest first.
 */
export function prereadAudience(
  readers: readonly { name: string; at: string }[],
  attendance: readonly { name: string }[],
  people: readonly { name: string; role: string }[],
): ExpectedReader[] {
  const readAt = new Map(readers.map((read) => [read.name, read.at]));
  const names = new Set<string>([
    ...attendance.map((person) => person.name),
    ...people.filter((person) => person.role !== 'viewer').map((person) => person.name),
    ...readAt.keys(),
  ]);
  const audience = [...names]
    .filter((name) => name.trim() !== '')
    .map((name) => ({ name, readAt: readAt.get(name) ?? null }));
  return audience.sort((a, b) => {
    if (a.readAt === null || b.readAt === null) {
      return a.readAt === b.readAt ? a.name.localeCompare(b.name) : a.readAt === null ? -1 : 1;
    }
    return a.readAt.localeCompare(b.readAt) || a.name.localeCompare(b.name);
  });
}
