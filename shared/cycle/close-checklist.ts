import {
  readEndingActuals,
  readPlan,
  readRecords,
  readSignoffs,
  type CycleDoc,
} from '../doc/index.ts';
import { addMonths, reconcile, type Gap, type Plan } from '../engine/index.ts';
import { monthText } from '../dates.ts';
import {
  FUNCTION_WORDS,
  FUNCTIONS,
  GAP_KIND_WORDS,
  INPUT_STATUS_WORDS,
  STAGE_WORDS,
  STAGES,
} from '../vocabulary/index.ts';

/**
 * The checklist before a cycle closes and the next one starts: what the cycle leaves
 * open, read from the cycle document alone, so the server computes it from the stored
 * cycle and the page from its copy with the same words. Pure: the same document gives
 * the same checklist on every peer.
 */

/** What one line of the checklist checks. */
export const CHECKLIST_KEYS = [
  'agendaWithoutOutcome',
  'inputsNotSubmitted',
  'stagesNotSignedOff',
  'actualsMissing',
  'gapsWithoutOwner',
  'monthsWithoutInputs',
] as const;

/** One of the {@link CHECKLIST_KEYS}. */
export type ChecklistKey = (typeof CHECKLIST_KEYS)[number];

/** One line of the checklist: what it checks, how many are left open, and which. */
export interface ChecklistLine {
  key: ChecklistKey;
  /** What the line checks, as a heading: `Agenda items without an outcome`. */
  label: string;
  /** How many are open; 0 when the line is done. */
  count: number;
  /** Every open one by name, in a fixed order (agenda order, gap value...). */
  names: string[];
}

/** The checklist of a cycle about to close. */
export interface CloseChecklist {
  cycle: string;
  /** The month that ends when the next cycle starts: this horizon's first. */
  endedMonth: string;
  /** The month the next horizon adds: it always starts empty (domain.md 4.11). */
  addedMonth: string;
  lines: ChecklistLine[];
  /** The lines with something open, in the checklist's order. */
  open: ChecklistLine[];
}

/** How many names a line shows before "and N more". */
export const NAMES_SHOWN = 3;

const LABELS: Readonly<Record<ChecklistKey, string>> = {
  agendaWithoutOutcome: 'Agenda items without an outcome',
  inputsNotSubmitted: 'Inputs not submitted',
  stagesNotSignedOff: 'Stages not signed off',
  actualsMissing: 'Families without the ended month’s actuals',
  gapsWithoutOwner: 'Gaps without an owner',
  monthsWithoutInputs: 'Months of the new horizon without inputs',
};

/**
 * Computes the checklist of the cycle in `doc`: agenda items without an outcome (in
 * agenda order); functions whose inputs are not submitted, with how far they are;
 * stages no function signed off; families with no actual recorded for the month that
 * ends; gaps of the plan that no one owns (a gap resolved or accepted is not open);
 * and the months of the next horizon that this cycle already covers in which no family
 * has a demand or supply cell and no resource a capacity cell (the plan grid's "No
 * inputs yet"). The month the next horizon adds is named apart
 * (`addedMonth`): it starts empty in every cycle, so it is not an open item. `gaps`
 * may pass the plan's gaps when the caller has them, to spare a reconcile.
 */
export function closeChecklist(
  doc: CycleDoc,
  options: { gaps?: readonly Gap[] } = {},
): CloseChecklist {
  const { plan } = readPlan(doc);
  const endedMonth = plan.periods[0] ?? plan.cycle;
  const last = plan.periods.at(-1);
  const lines = [
    line('agendaWithoutOutcome', agendaWithoutOutcome(doc)),
    line('inputsNotSubmitted', inputsNotSubmitted(doc)),
    line('stagesNotSignedOff', stagesNotSignedOff(doc)),
    line('actualsMissing', actualsMissing(doc, plan, endedMonth)),
    line('gapsWithoutOwner', gapsWithoutOwner(doc, plan, options.gaps)),
    line('monthsWithoutInputs', monthsWithoutInputs(plan)),
  ];
  return {
    cycle: plan.cycle,
    endedMonth,
    addedMonth: last ? addMonths(last, 1) : '',
    lines,
    open: lines.filter((entry) => entry.count > 0),
  };
}

/**
 * A line's open items in words, the first few named and the rest counted:
 * `3. Are we on plan financially?, 5. Previous and new risks and 2 more`; `None` when done.
 */
export function namedFew(names: readonly string[], shown = NAMES_SHOWN): string {
  if (names.length === 0) return 'None';
  const first = names.slice(0, shown).join(', ');
  const rest = names.length - shown;
  return rest > 0 ? `${first} and ${rest} more` : first;
}

/** A line as one sentence: `Inputs not submitted: 2 (Sales: In progress, Finance: Not started)`. */
export function lineText(entry: ChecklistLine, shown = NAMES_SHOWN): string {
  return entry.count === 0
    ? `${entry.label}: none`
    : `${entry.label}: ${entry.count} (${namedFew(entry.names, shown)})`;
}

function line(key: ChecklistKey, names: string[]): ChecklistLine {
  return { key, label: LABELS[key], count: names.length, names };
}

function agendaWithoutOutcome(doc: CycleDoc): string[] {
  return readRecords(doc, 'agenda')
    .records.map((item, index) => ({ item, position: index + 1 }))
    .filter(({ item }) => item.outcome === undefined)
    .map(({ item, position }) => `${position}. ${item.title}`);
}

function inputsNotSubmitted(doc: CycleDoc): string[] {
  const inputs = new Map(readRecords(doc, 'inputs').records.map((input) => [input.id, input]));
  return FUNCTIONS.flatMap((fn) => {
    const status = inputs.get(fn)?.status ?? 'notStarted';
    return status === 'submitted'
      ? []
      : [`${FUNCTION_WORDS[fn]}: ${INPUT_STATUS_WORDS[status].label}`];
  });
}

function stagesNotSignedOff(doc: CycleDoc): string[] {
  const signoffs = readSignoffs(doc);
  return STAGES.filter((stage) => Object.keys(signoffs[stage] ?? {}).length === 0).map(
    (stage) => STAGE_WORDS[stage].name,
  );
}

function actualsMissing(doc: CycleDoc, plan: Plan, month: string): string[] {
  const facts = readEndingActuals(
    doc,
    plan.families.map((family) => family.id),
    month,
  );
  return plan.families
    .filter((family) => Object.keys(facts[family.id] ?? {}).length === 0)
    .map((family) => family.name || family.id);
}

function gapsWithoutOwner(doc: CycleDoc, plan: Plan, known?: readonly Gap[]): string[] {
  const notes = new Map(readRecords(doc, 'gapNotes').records.map((note) => [note.id, note]));
  const gaps = known ?? (plan.families.length > 0 ? reconcile(plan).gaps : []);
  const names = new Map([
    ...plan.families.map((family) => [family.id, family.name || family.id] as const),
    ...plan.resources.map((resource) => [resource.id, resource.name || resource.id] as const),
  ]);
  return gaps
    .filter((gap) => {
      const note = notes.get(gap.id);
      if (note && (note.status === 'resolved' || note.status === 'accepted')) return false;
      return !note?.owner?.trim();
    })
    .map(
      (gap) =>
        `${GAP_KIND_WORDS[gap.kind].label} · ${names.get(gap.subject) ?? gap.subject} · ${monthText(gap.period)}`,
    );
}

function monthsWithoutInputs(plan: Plan): string[] {
  const entered = new Set<string>();
  for (const grid of [plan.demand, plan.supply, plan.capacity]) {
    for (const months of Object.values(grid)) {
      for (const month of Object.keys(months)) entered.add(month);
    }
  }
  return plan.periods
    .slice(1)
    .filter((month) => !entered.has(month))
    .map(monthText);
}
