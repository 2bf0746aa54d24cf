import { GAP_KINDS, type Gap, type GapKind, type Month } from './types.ts';

const KIND_RANK: Record<GapKind, number> = Object.fromEntries(
  GAP_KINDS.map((kind, rank) => [kind, rank]),
) as Record<GapKind, number>;

/** Makes a gap with its stable id `kind:subject:period`. */
export function makeGap(
  kind: GapKind,
  subject: string,
  period: Month,
  amount: number,
  value: number,
): Gap {
  return { id: `${kind}:${subject}:${period}`, kind, subject, period, amount, value };
}

/**
 * The order of the gap list: value descending, then period ascending, then kind in
 * table order, then subject id ascending (by code unit, never by locale). Ids are
 * unique, so this is a total order and every peer lists gaps identically.
 */
export function compareGaps(a: Gap, b: Gap): number {
  if (a.value !== b.value) return b.value - a.value;
  if (a.period !== b.period) return a.period < b.period ? -1 : 1;
  if (a.kind !== b.kind) return KIND_RANK[a.kind] - KIND_RANK[b.kind];
  if (a.subject !== b.subject) return a.subject < b.subject ? -1 : 1;
  return 0;
}

/** Merges two lists already in gap order into one list in gap order. */
export function mergeGaps(left: readonly Gap[], right: readonly Gap[]): Gap[] {
  const merged: Gap[] = new Array(left.length + right.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    merged[k++] = compareGaps(left[i], right[j]) <= 0 ? left[i++] : right[j++];
  }
  while (i < left.length) merged[k++] = left[i++];
  while (j < right.length) merged[k++] = right[j++];
  return merged;
}
