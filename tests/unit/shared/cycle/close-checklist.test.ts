import { describe, expect, it } from 'vitest';
import {
  addStandardAgenda,
  closeAgendaItem,
  createCycleDoc,
  docToPlan,
  importPlan,
  setCell,
  setGapNote,
  setInputStatus,
  signOff,
} from '../../../../shared/doc/index.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import {
  closeChecklist,
  lineText,
  namedFew,
  type ChecklistKey,
} from '../../../../shared/cycle/close-checklist.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const AT = '2026-12-10T09:00:00.000Z';
const PERIODS = months('2026-12', 4);

/**
 * A cycle of two families over four months: drills short in January (a shortage gap),
 * saws with demand in December only; nothing entered for March.
 */
function cycle() {
  const doc = createCycleDoc();
  importPlan(
    doc,
    makePlan({
      periods: PERIODS,
      families: [
        { id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 50 },
        { id: 'B', name: 'Circular saws', price: 20, unitCost: 12, openingInventory: 500 },
      ],
      demand: { A: row(PERIODS, [40, 100, 10]), B: row(PERIODS, [20]) },
      supply: { A: row(PERIODS, [0, 0, 0]) },
    }),
  );
  addStandardAgenda(doc);
  return doc;
}

function byKey(doc: ReturnType<typeof cycle>) {
  const list = closeChecklist(doc);
  return Object.fromEntries(list.lines.map((entry) => [entry.key, entry])) as Record<
    ChecklistKey,
    (typeof list.lines)[number]
  >;
}

describe('the checklist before a cycle closes', () => {
  it('names everything a fresh cycle leaves open, line by line, in a fixed order', () => {
    const doc = cycle();
    const list = closeChecklist(doc);
    expect(list).toMatchObject({ cycle: '2026-12', endedMonth: '2026-12', addedMonth: '2027-04' });
    expect(list.lines.map((entry) => entry.key)).toEqual([
      'agendaWithoutOutcome',
      'inputsNotSubmitted',
      'stagesNotSignedOff',
      'actualsMissing',
      'gapsWithoutOwner',
      'monthsWithoutInputs',
    ]);
    const lines = byKey(doc);
    expect(lines.agendaWithoutOutcome.count).toBe(10);
    expect(lines.agendaWithoutOutcome.names[0]).toBe('1. What has changed since last month?');
    expect(lines.inputsNotSubmitted.names).toEqual([
      'Sales: Not started',
      'Marketing: Not started',
      'Supply chain: Not started',
      'Finance: Not started',
      'Executive: Not started',
    ]);
    expect(lines.stagesNotSignedOff.count).toBe(6);
    expect(lines.actualsMissing.names).toEqual(['Cordless drills', 'Circular saws']);
    expect(lines.gapsWithoutOwner.names).toEqual(['Shortage · Cordless drills · January 2027']);
    // January and February of the next horizon hold inputs; March holds none.
    expect(lines.monthsWithoutInputs.names).toEqual(['March 2027']);
    expect(list.open.map((entry) => entry.key)).toEqual(list.lines.map((entry) => entry.key));
  });

  it('clears each line as the work is done, and is empty when nothing is left open', () => {
    const doc = cycle();
    for (let i = 1; i <= 10; i++) {
      closeAgendaItem(doc, `agenda-${i}`, { kind: 'noted', by: 'Fran', at: AT });
    }
    setInputStatus(doc, 'sales', { status: 'submitted', by: 'Ana', at: AT });
    setInputStatus(doc, 'finance', { status: 'inProgress', by: 'Finn', at: AT });
    let lines = byKey(doc);
    expect(lines.agendaWithoutOutcome.count).toBe(0);
    expect(lines.inputsNotSubmitted.names).toEqual([
      'Marketing: Not started',
      'Supply chain: Not started',
      'Finance: In progress',
      'Executive: Not started',
    ]);
    for (const fn of ['marketing', 'supplyChain', 'finance', 'executive'] as const) {
      setInputStatus(doc, fn, { status: 'submitted', by: 'Ana', at: AT });
    }
    for (const stage of ['product', 'demand', 'supply', 'preSop', 'financial'] as const) {
      signOff(doc, stage, 'sales', 'Ana', AT);
    }
    setCell(doc, 'actualsOrdered', 'A', '2026-12', 41);
    lines = byKey(doc);
    expect(lines.stagesNotSignedOff.names).toEqual(['Executive meeting']);
    expect(lines.actualsMissing.names).toEqual(['Circular saws']);
    signOff(doc, 'executive', 'executive', 'Erin', AT);
    setCell(doc, 'actualsOnHand', 'B', '2026-12', 480);
    const [gap] = reconcile(docToPlan(doc)).gaps;
    setGapNote(doc, gap.id, { owner: 'Sam (Supply)' });
    setCell(doc, 'demand', 'B', '2027-03', 15);
    const list = closeChecklist(doc);
    expect(list.open).toEqual([]);
    expect(list.lines.every((entry) => entry.count === 0 && entry.names.length === 0)).toBe(true);
  });

  it('does not count a gap resolved or accepted as without an owner', () => {
    const doc = cycle();
    const [gap] = reconcile(docToPlan(doc)).gaps;
    expect(byKey(doc).gapsWithoutOwner.count).toBe(1);
    setGapNote(doc, gap.id, { status: 'accepted' });
    expect(byKey(doc).gapsWithoutOwner.count).toBe(0);
    // The gaps the caller already has are read as given.
    expect(closeChecklist(doc, { gaps: [] }).lines[4].count).toBe(0);
  });

  it('names an open agenda item by its place on the agenda, closed ones left out', () => {
    const doc = cycle();
    closeAgendaItem(doc, 'agenda-1', { kind: 'noted', by: 'Fran', at: AT });
    expect(byKey(doc).agendaWithoutOutcome.names[0]).toBe(
      '2. How are we executing to performance metrics?',
    );
  });
});

describe('a checklist line in words', () => {
  it('names the first few and counts the rest', () => {
    expect(namedFew([])).toBe('None');
    expect(namedFew(['a', 'b'])).toBe('a, b');
    expect(namedFew(['a', 'b', 'c'])).toBe('a, b, c');
    expect(namedFew(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
    expect(
      lineText({ key: 'stagesNotSignedOff', label: 'Stages not signed off', count: 0, names: [] }),
    ).toBe('Stages not signed off: none');
    expect(
      lineText({
        key: 'inputsNotSubmitted',
        label: 'Inputs not submitted',
        count: 4,
        names: [
          'Sales: In progress',
          'Marketing: Not started',
          'Finance: Not started',
          'Executive: Not started',
        ],
      }),
    ).toBe(
      'Inputs not submitted: 4 (Sales: In progress, Marketing: Not started, Finance: Not started and 1 more)',
    );
  });
});
