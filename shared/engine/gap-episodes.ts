import type { Gap, Month } from './types.ts';

/**
 * Where work kept under a gap id goes when the gap's episode moved (domain.md 4.6). Work
 * is kept under `kind:subject:first month`; an edit or a roll-over can move an episode's
 * first month, and the work must follow it:
 * - an id that is a current gap stays on it;
 * - else it goes to the current gap of the same kind and subject whose months hold its
 *   old first month, or, when that month is now before the horizon (`firstPeriod`), to
 *   the gap of the same kind and subject that starts at the horizon's first month;
 * - when two ids would go to one gap, the gap's own id keeps it, else the id with the
 *   later first month does; the others stay unmatched (their gap was resolved).
 * Returns, for each id that has a gap, that gap's id. Pure: every peer matches alike.
 */
export function matchGapWork(
  gaps: readonly Gap[],
  workIds: Iterable<string>,
  firstPeriod: Month,
): Map<string, string> {
  const current = new Set(gaps.map((gap) => gap.id));
  const bySubject = new Map<string, Gap[]>();
  for (const gap of gaps) {
    const key = `${gap.kind}:${gap.subject}`;
    const list = bySubject.get(key);
    if (list) list.push(gap);
    else bySubject.set(key, [gap]);
  }
  const matched = new Map<string, string>();
  /** The work id that holds each gap, and its first month. */
  const holder = new Map<string, { id: string; month: Month }>();
  const moved: { id: string; kind: string; subject: string; month: Month }[] = [];
  for (const id of workIds) {
    if (current.has(id)) {
      matched.set(id, id);
      holder.set(id, { id, month: '\uffff' });
      continue;
    }
    const parsed = parseId(id);
    if (parsed) moved.push({ id, ...parsed });
  }
  for (const work of moved) {
    const candidates = bySubject.get(`${work.kind}:${work.subject}`) ?? [];
    const target =
      work.month < firstPeriod
        ? candidates.find((gap) => gap.period === firstPeriod)
        : candidates.find((gap) => gap.period <= work.month && work.month <= gap.last);
    if (!target) continue;
    const held = holder.get(target.id);
    if (held && held.month >= work.month) continue;
    if (held) matched.delete(held.id);
    holder.set(target.id, { id: work.id, month: work.month });
    matched.set(work.id, target.id);
  }
  return matched;
}

/** `kind:subject:YYYY-MM` split into its parts (a subject may hold colons). */
function parseId(id: string): { kind: string; subject: string; month: Month } | null {
  const first = id.indexOf(':');
  const last = id.lastIndexOf(':');
  if (first < 0 || last <= first) return null;
  return {
    kind: id.slice(0, first),
    subject: id.slice(first + 1, last),
    month: id.slice(last + 1),
  };
}
