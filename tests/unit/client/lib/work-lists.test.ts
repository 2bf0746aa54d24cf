import { describe, expect, it } from 'vitest';
import {
  applyFacets,
  facetCounts,
  pageOf,
  pickFacet,
  type Facet,
} from '../../../../client/src/lib/facets.ts';
import {
  changedFields,
  fieldErrors,
  formValues,
  readForm,
  readNumber,
  type FieldSpec,
} from '../../../../client/src/lib/form-fields.ts';
import type { CommandError, CommandIssue } from '../../../../shared/schema/command-error.ts';
import {
  gapFacets,
  gapHeadline,
  gapPrefill,
  gapRows,
  notesOfResolvedGaps,
} from '../../../../client/src/components/work/gap-items.ts';
import { LinkCatalog, type LinkSources } from '../../../../client/src/lib/link-catalog.ts';
import { NO_OWNER, ownerFacet } from '../../../../client/src/components/work/owner-facet.ts';
import {
  ageInDays,
  formatDay,
  isOverdue,
  localDay,
  monthsLate,
} from '../../../../client/src/lib/work-rules.ts';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import { daysBetween } from '../../../../shared/dates.ts';
import { addRisk } from '../../../../shared/doc/index.ts';
import { riskBand, riskScore } from '../../../../shared/schema/risk-band.ts';
import type { Gap } from '../../../../shared/engine/index.ts';
import * as Y from 'yjs';

interface Item {
  id: string;
  kind: string;
  owner?: string;
  month: string;
}

const items: Item[] = [
  { id: '1', kind: 'risk', owner: 'Ana', month: '2027-01' },
  { id: '2', kind: 'risk', owner: 'Ben', month: '2027-02' },
  { id: '3', kind: 'opportunity', owner: 'Ana', month: '2027-02' },
  { id: '4', kind: 'risk', month: '2027-01' },
];

const facets: Facet<Item>[] = [
  {
    key: 'kind',
    label: 'Kind',
    allLabel: 'All kinds',
    control: 'chips',
    options: [],
    valueOf: (item) => item.kind,
  },
  {
    key: 'month',
    label: 'Month',
    allLabel: 'All months',
    control: 'select',
    options: [],
    valueOf: (item) => item.month,
    clears: ['kind'],
  },
];

describe('facets', () => {
  it('keep the items that match every picked facet, in their order', () => {
    expect(applyFacets(items, facets, {}).map((item) => item.id)).toEqual(['1', '2', '3', '4']);
    expect(applyFacets(items, facets, { kind: 'risk' }).map((item) => item.id)).toEqual([
      '1',
      '2',
      '4',
    ]);
    expect(
      applyFacets(items, facets, { kind: 'risk', month: '2027-01' }).map((item) => item.id),
    ).toEqual(['1', '4']);
    expect(applyFacets(items, facets, { kind: null, month: undefined })).toHaveLength(4);
  });

  it('count each option as if it were picked, the other picks kept', () => {
    const counts = facetCounts(items, facets, { kind: 'risk', month: '2027-02' });
    // Kind counts ignore the kind pick but keep the month pick.
    expect(counts.kind.all).toBe(2);
    expect(Object.fromEntries(counts.kind.byValue)).toEqual({ risk: 1, opportunity: 1 });
    // Month counts ignore the month pick but keep the kind pick.
    expect(counts.month.all).toBe(3);
    expect(Object.fromEntries(counts.month.byValue)).toEqual({ '2027-01': 2, '2027-02': 1 });
  });

  it('reset the facets a pick clears (one subject: a family or a resource)', () => {
    expect(pickFacet(facets, { kind: 'risk' }, 'month', '2027-01')).toEqual({
      kind: null,
      month: '2027-01',
    });
    expect(pickFacet(facets, { kind: 'risk' }, 'month', null)).toEqual({
      kind: 'risk',
      month: null,
    });
  });

  it('page a list and clamp the page to the pages there are', () => {
    const numbers = Array.from({ length: 120 }, (_, index) => index);
    expect(pageOf(numbers, 0, 50)).toMatchObject({ index: 0, count: 3, from: 0, to: 50 });
    expect(pageOf(numbers, 2, 50).items).toEqual(numbers.slice(100));
    expect(pageOf(numbers, 9, 50)).toMatchObject({ index: 2, from: 100, to: 120 });
    expect(pageOf([], 3, 50)).toMatchObject({ index: 0, count: 1, from: 0, to: 0, items: [] });
  });

  it('filter by owner, mine first, with a choice for items nobody owns', () => {
    const owner = ownerFacet(items as never, 'Ben');
    expect(owner.options.map((option) => option.label)).toEqual(['Ben (you)', 'Ana', 'No owner']);
    expect(owner.valueOf(items[3] as never)).toBe(NO_OWNER);
    expect(applyFacets(items as never, [owner], { owner: 'Ana' })).toHaveLength(2);
  });
});

describe('work rules', () => {
  const today = '2026-12-10';

  it('flag an open action overdue once its due date is before today', () => {
    expect(isOverdue({ status: 'open', due: '2026-12-09' }, today)).toBe(true);
    expect(isOverdue({ status: 'open', due: '2026-12-10' }, today)).toBe(false);
    expect(isOverdue({ status: 'done', due: '2026-11-01' }, today)).toBe(false);
    expect(isOverdue({ status: 'dropped', due: '2026-11-01' }, today)).toBe(false);
    expect(isOverdue({ status: 'open' }, today)).toBe(false);
  });

  it('count the age of an item from the first day of the month it was raised in', () => {
    expect(ageInDays('2026-12', today)).toBe(9);
    expect(ageInDays('2026-11', today)).toBe(39);
    expect(ageInDays('2027-01', today)).toBeNull();
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('say how many months a launch runs late', () => {
    expect(monthsLate('2027-03', '2027-06')).toBe(3);
    expect(monthsLate('2027-11', '2028-02')).toBe(3);
    expect(monthsLate('2027-03', '2027-03')).toBe(0);
    expect(monthsLate('2027-03', '2027-01')).toBe(0);
    expect(monthsLate('2027-03', undefined)).toBe(0);
  });

  it('score a risk as probability times impact, banded high, medium, low', () => {
    expect(riskScore({ probability: 4, impact: 5 })).toBe(20);
    expect(riskBand(15)).toBe('high');
    expect(riskBand(14)).toBe('medium');
    expect(riskBand(8)).toBe('medium');
    expect(riskBand(7)).toBe('low');
  });

  it('read the local day and format days for people', () => {
    expect(localDay(new Date(2027, 0, 5, 23, 30))).toBe('2027-01-05');
    expect(formatDay('2027-01-15', 'en-US')).toBe('Jan 15, 2027');
    expect(formatDay('soon', 'en-US')).toBe('soon');
  });
});

describe('forms', () => {
  const fields: FieldSpec[] = [
    { key: 'title', label: 'Title', kind: 'text', required: 'Give it a title' },
    { key: 'owner', label: 'Owner', kind: 'person' },
    { key: 'probability', label: 'Probability', kind: 'select', numeric: true },
    { key: 'impactValue', label: 'Impact in money', kind: 'money' },
  ];

  it('read typed text into a command input: trimmed, numbers read, empty fields left out', () => {
    expect(
      readForm(fields, {
        title: ' Port strike ',
        owner: '',
        probability: '4',
        impactValue: '25,000',
      }),
    ).toEqual({
      input: { title: 'Port strike', owner: undefined, probability: 4, impactValue: 25000 },
      errors: {},
    });
  });

  it('name a missing required field and a number that does not read as one', () => {
    expect(readForm(fields, { title: '  ', impactValue: 'lots' }).errors).toEqual({
      title: 'Give it a title',
      impactValue: 'Enter a number, e.g. 25000',
    });
    expect(readNumber('−1.5')).toBe(-1.5);
    expect(readNumber('1 200')).toBe(1200);
    expect(readNumber('1e3')).toBeNull();
  });

  it("place a command's problems beside their fields and keep the rest apart", () => {
    expect(
      fieldErrors(
        [
          { path: 'impactValue', message: 'must not be negative, got -5' },
          { path: 'title', message: 'must be at most 300 characters' },
        ],
        fields,
      ),
    ).toEqual({
      impactValue: 'Must not be negative, got -5',
      title: 'Must be at most 300 characters',
    });
    expect(fieldErrors([{ path: '', message: 'no risks item "r9"' }], fields)).toEqual({
      '': 'No risks item "r9"',
    });
    expect(fieldErrors([{ path: 'raisedIn', message: 'must be a month YYYY-MM' }], fields)).toEqual(
      {
        '': 'RaisedIn: must be a month YYYY-MM',
      },
    );
  });

  it("reads the real command's refusal beside the field", () => {
    let issues: readonly CommandIssue[] = [];
    try {
      addRisk(new Y.Doc(), {
        title: 'Currency swing',
        kind: 'risk',
        probability: 3,
        impact: 3,
        impactValue: -500,
        status: 'open',
        raisedIn: '2026-12',
      });
    } catch (error) {
      issues = (error as CommandError).issues;
    }
    expect(fieldErrors(issues, fields)).toEqual({
      impactValue: 'Must not be negative, got -500',
    });
  });

  it('show a record as text and send only the fields that changed', () => {
    const values = formValues(fields, { title: 'Port strike', probability: 2 });
    expect(values).toEqual({ title: 'Port strike', owner: '', probability: '2', impactValue: '' });
    expect(
      changedFields(fields, values, { ...values, owner: 'Ana', title: 'Port strike ' }),
    ).toEqual(['owner']);
  });
});

const format = createFormatters('EUR', 'en-US');
const gaps: Gap[] = [
  {
    id: 'overload:R1:2027-01',
    kind: 'overload',
    subject: 'R1',
    period: '2027-01',
    last: '2027-01',
    peak: '2027-01',
    amount: 12,
    value: 900,
  },
  {
    id: 'shortage:F1:2027-02',
    kind: 'shortage',
    subject: 'F1',
    period: '2027-02',
    last: '2027-02',
    peak: '2027-02',
    amount: 40,
    value: 500,
  },
  {
    id: 'belowBudget:F2:2027-01',
    kind: 'belowBudget',
    subject: 'F2',
    period: '2027-01',
    last: '2027-01',
    peak: '2027-01',
    amount: 70,
    value: 70,
  },
];

function sources(overrides: Partial<LinkSources> = {}): LinkSources {
  return {
    families: [
      { id: 'F1', name: 'Cordless drills' },
      { id: 'F2', name: 'Garden hoses' },
    ],
    resources: [{ id: 'R1', name: 'Assembly line 1' }],
    gaps,
    risks: [
      { id: 'r1', title: 'Resin shortage', kind: 'risk', links: ['gap:shortage:F1:2027-02'] },
    ],
    decisions: [{ id: 'd1', question: 'Second shift?', links: ['risk:r1'] }],
    actions: [{ id: 'a1', title: 'Call the supplier' }],
    npi: [],
    agenda: [{ id: 'agenda-1', title: 'What has changed since last month?' }],
    gapNotes: [{ id: 'shortage:F1:2027-02', links: ['action:a1', 'risk:r1'] }],
    scenarios: [{ id: 's1', name: 'Extra shift' }],
    format,
    ...overrides,
  };
}

describe('the link catalog', () => {
  const catalog = new LinkCatalog(sources());

  it('names what a link points to and where it opens', () => {
    expect(catalog.resolve('risk:r1')).toMatchObject({
      kindLabel: 'Risk',
      label: 'Resin shortage',
      view: 'risks',
      id: 'r1',
      exists: true,
    });
    expect(catalog.resolve('gap:overload:R1:2027-01')).toMatchObject({
      kindLabel: 'Gap',
      label: 'Overload · Assembly line 1 · Jan 2027',
      view: 'gaps',
      exists: true,
    });
    expect(catalog.resolve('agenda:agenda-1')).toMatchObject({ view: 'meeting', exists: true });
    expect(catalog.resolve('family:F2')).toMatchObject({ label: 'Garden hoses', view: 'plan' });
    expect(catalog.resolve('scenario:s1')).toMatchObject({
      kindLabel: 'Scenario',
      label: 'Extra shift',
      view: 'scenarios',
      exists: true,
    });
  });

  it('marks deleted records and gaps the plan resolved', () => {
    expect(catalog.resolve('action:gone')).toMatchObject({ exists: false, label: 'gone' });
    expect(catalog.resolve('gap:shortage:F2:2027-05')).toMatchObject({
      exists: false,
      label: 'Shortage · Garden hoses · May 2027',
    });
  });

  it('finds records of a kind by name and lists what links to a record', () => {
    expect(catalog.search('gap', 'drills').map((target) => target.key)).toEqual([
      'gap:shortage:F1:2027-02',
    ]);
    expect(catalog.search('family', '').map((target) => target.label)).toEqual([
      'Cordless drills',
      'Garden hoses',
    ]);
    expect(catalog.linkedFrom('risk:r1').map((target) => target.key)).toEqual([
      'gap:shortage:F1:2027-02',
      'decision:d1',
    ]);
    expect(catalog.linkedFrom('gap:shortage:F1:2027-02').map((target) => target.key)).toEqual([
      'risk:r1',
    ]);
  });
});

describe('the gap list', () => {
  const notes = [
    { id: 'shortage:F1:2027-02', status: 'inProgress' as const, owner: 'Ana' },
    { id: 'shortage:F2:2027-05', status: 'open' as const, note: 'Fixed by the new supply' },
  ];
  const catalog = new LinkCatalog(sources());

  it('puts each gap beside its note, ranked in the engine order', () => {
    const rows = gapRows(gaps, notes, '2027-01');
    expect(rows.map((row) => [row.rank, row.note?.owner])).toEqual([
      [1, undefined],
      [2, 'Ana'],
      [3, undefined],
    ]);
  });

  it('keeps notes of gaps the plan no longer has as resolved by the plan', () => {
    expect(notesOfResolvedGaps(notes, gapRows(gaps, notes, '2027-01'))).toEqual([notes[1]]);
    expect(catalog.gap(notes[1].id)).toBeUndefined();
  });

  it('keeps a note on its gap when an edit moved the episode’s first month', () => {
    // The note was written when the shortage started in March; it now starts in February.
    const moved = [{ id: 'shortage:F1:2027-03', status: 'open' as const, owner: 'Ana' }];
    const episode = { ...gaps[1], last: '2027-04' };
    const rows = gapRows([gaps[0], episode, gaps[2]], moved, '2027-01');
    expect(rows.map((row) => row.note?.id)).toEqual([undefined, 'shortage:F1:2027-03', undefined]);
    expect(notesOfResolvedGaps(moved, rows)).toEqual([]);
  });

  it('filters by family or resource, never both, and by status with notes', () => {
    const rows = gapRows(gaps, notes, '2027-01');
    const gapFilters = gapFacets({
      families: sources().families,
      resources: sources().resources,
      periods: ['2027-01', '2027-02'],
      format,
    });
    expect(applyFacets(rows, gapFilters, { family: 'F1' }).map((row) => row.gap.id)).toEqual([
      'shortage:F1:2027-02',
    ]);
    expect(applyFacets(rows, gapFilters, { resource: 'R1' }).map((row) => row.gap.id)).toEqual([
      'overload:R1:2027-01',
    ]);
    expect(pickFacet(gapFilters, { family: 'F1' }, 'resource', 'R1')).toEqual({
      family: null,
      resource: 'R1',
    });
    expect(applyFacets(rows, gapFilters, { status: 'open' })).toHaveLength(2);
    expect(applyFacets(rows, gapFilters, { status: 'inProgress' })).toHaveLength(1);
    expect(gapFilters.find((facet) => facet.key === 'month')!.options[0].label).toBe('Jan 2027');
  });

  it('prefills a risk, decision or action raised from a gap, linked to it and its subject', () => {
    expect(gapHeadline(gaps[1], catalog, format)).toBe('Shortage of Cordless drills in Feb 2027');
    expect(gapPrefill('risk', gaps[0], catalog, format, { status: 'open' })).toEqual({
      values: {
        status: 'open',
        title: 'Overload of Assembly line 1 in Jan 2027',
        impactValue: '900',
      },
      links: ['gap:overload:R1:2027-01', 'resource:R1'],
    });
    expect(gapPrefill('decision', gaps[1], catalog, format, {}).values.question).toBe(
      'How do we resolve the shortage of Cordless drills in Feb 2027?',
    );
    expect(gapPrefill('action', gaps[2], catalog, format, { owner: 'Ana' })).toEqual({
      values: {
        owner: 'Ana',
        title: 'Resolve the revenue below budget for Garden hoses in Jan 2027',
      },
      links: ['gap:belowBudget:F2:2027-01', 'family:F2'],
    });
  });
});
