import { linkKey } from '../../../../shared/doc/index.ts';
import { GAP_KINDS, type Gap, type GapKind } from '../../../../shared/engine/index.ts';
import { matchGapWork } from '../../../../shared/engine/gap-episodes.ts';
import type { GapNote } from '../../../../shared/schema/records.ts';
import type { Formatters } from '../../lib/format.ts';
import { GAP_KIND_LABEL, GAP_UNIT } from '../../lib/labels.ts';
import type { Facet } from '../../lib/facets.ts';
import type { FormValues } from '../../lib/form-fields.ts';
import type { LinkCatalog } from '../../lib/link-catalog.ts';
import { GAP_STATUS, type ItemKind } from '../../lib/work-kinds.ts';

/**
 * The gap list as the meeting works it: the engine's gaps (recomputed on every edit)
 * beside the notes people keep on them (kept by the gap's stable id).
 */

/** A gap with its note, when it has one. */
export interface GapRow {
  gap: Gap;
  /** Place in the engine's order (1 is the most value at stake). */
  rank: number;
  note: (GapNote & { id: string }) | undefined;
}

/**
 * Gaps with their notes, in the engine's order (value at stake first). A note follows its
 * gap when an edit or a roll-over moved the episode's first month (domain.md 4.6), so it
 * may be kept under an older id than the gap's: `note.id` is where it is kept.
 */
export function gapRows(
  gaps: readonly Gap[],
  notes: readonly (GapNote & { id: string })[],
  firstPeriod: string,
): GapRow[] {
  const matched = matchGapWork(
    gaps,
    notes.map((note) => note.id),
    firstPeriod,
  );
  const byGap = new Map<string, GapNote & { id: string }>();
  for (const note of notes) {
    const gapId = matched.get(note.id);
    if (gapId !== undefined) byGap.set(gapId, note);
  }
  return gaps.map((gap, index) => ({ gap, rank: index + 1, note: byGap.get(gap.id) }));
}

/**
 * Notes on gaps the plan no longer has (none of its gaps took them over): an edit fixed
 * them. They stay listed, with their note, as "resolved by the plan".
 */
export function notesOfResolvedGaps<N extends { id: string }>(
  notes: readonly N[],
  rows: readonly GapRow[],
): N[] {
  const kept = new Set(rows.flatMap((row) => (row.note ? [row.note.id] : [])));
  return notes.filter((note) => !kept.has(note.id));
}

const KINDS: readonly GapKind[] = GAP_KINDS;

/** The filters of the gap list: kind, family, resource, month and status. */
export function gapFacets(options: {
  families: readonly { id: string; name: string }[];
  resources: readonly { id: string; name: string }[];
  periods: readonly string[];
  format: Formatters;
}): Facet<GapRow>[] {
  return [
    {
      key: 'kind',
      label: 'Kind',
      allLabel: 'All kinds',
      control: 'chips',
      options: KINDS.map((kind) => ({ value: kind, label: GAP_KIND_LABEL[kind] })),
      valueOf: (row) => row.gap.kind,
    },
    {
      key: 'family',
      label: 'Family',
      allLabel: 'All families',
      control: 'select',
      options: options.families.map((family) => ({ value: family.id, label: family.name })),
      valueOf: (row) => (row.gap.kind === 'overload' ? null : row.gap.subject),
      clears: ['resource'],
    },
    {
      key: 'resource',
      label: 'Resource',
      allLabel: 'All resources',
      control: 'select',
      options: options.resources.map((resource) => ({ value: resource.id, label: resource.name })),
      valueOf: (row) => (row.gap.kind === 'overload' ? row.gap.subject : null),
      clears: ['family'],
    },
    {
      key: 'month',
      label: 'Month',
      allLabel: 'All months',
      control: 'select',
      options: options.periods.map((month) => ({
        value: month,
        label: options.format.month(month),
      })),
      valueOf: (row) => row.gap.period,
    },
    {
      key: 'status',
      label: 'Status',
      allLabel: 'Any status',
      control: 'select',
      options: Object.entries(GAP_STATUS).map(([value, info]) => ({ value, label: info.label })),
      valueOf: (row) => row.note?.status ?? 'open',
    },
  ];
}

/** A gap's amount in its unit: `1,243 units`, `493 h`, `€12,400`. */
export function gapAmount(gap: Gap, format: Formatters): string {
  switch (GAP_UNIT[gap.kind]) {
    case 'units':
      return `${format.quantity(gap.amount)} units`;
    case 'hours':
      return `${format.quantity(gap.amount)} h`;
    case 'money':
      return format.money(gap.amount);
  }
}

const HEADLINE: Record<GapKind, string> = {
  shortage: 'Shortage of',
  belowSafetyStock: 'Stock below safety level for',
  overload: 'Overload of',
  belowBudget: 'Revenue below budget for',
  excessInventory: 'Excess stock of',
};

/** "Feb 2028" for one month, "Feb to May 2028" (or across years) for an episode. */
export function gapMonths(gap: Gap, format: Formatters): string {
  if (gap.last === gap.period) return format.month(gap.period);
  return `${format.month(gap.period)} to ${format.month(gap.last)}`;
}

/** "Shortage of Cordless drills in Feb 2028", "… from Feb 2028 to May 2028". */
export function gapHeadline(gap: Gap, catalog: LinkCatalog, format: Formatters): string {
  const subject = `${HEADLINE[gap.kind]} ${catalog.subjectName(gap.kind, gap.subject)}`;
  return gap.last === gap.period
    ? `${subject} in ${format.month(gap.period)}`
    : `${subject} from ${format.month(gap.period)} to ${format.month(gap.last)}`;
}

/**
 * The form of a risk, decision or action raised from a gap: a title that names the gap,
 * the money at stake for a risk, the owner `base` proposes (the gap's), and links to the gap
 * and to its family or resource.
 */
export function gapPrefill(
  kind: Exclude<ItemKind, 'npi'>,
  gap: Gap,
  catalog: LinkCatalog,
  format: Formatters,
  base: FormValues,
): { values: FormValues; links: string[] } {
  const headline = gapHeadline(gap, catalog, format);
  const subject = linkKey(gap.kind === 'overload' ? 'resource' : 'family', gap.subject);
  const links = [linkKey('gap', gap.id), subject];
  switch (kind) {
    case 'risk':
      return {
        values: { ...base, title: headline, impactValue: String(Math.round(gap.value)) },
        links,
      };
    case 'decision':
      return {
        values: { ...base, question: `How do we resolve the ${lowerFirst(headline)}?` },
        links,
      };
    case 'action':
      return { values: { ...base, title: `Resolve the ${lowerFirst(headline)}` }, links };
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
