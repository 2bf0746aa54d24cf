import {
  archiveRecord,
  addAction,
  addDecision,
  addNpiItem,
  addRisk,
  updateAction,
  updateDecision,
  updateNpiItem,
  updateRisk,
  type CycleDoc,
  type LinkKind,
  type ArchivedCollection,
} from '../../../shared/doc/index.ts';
import {
  ACTION_STATUS_WORDS,
  DECISION_STATUS_WORDS,
  GAP_NOTE_STATUS_WORDS,
  NPI_STAGE_WORDS,
  RISK_KIND_WORDS,
  RISK_STATUS_WORDS,
  type Tone,
  type Word,
} from '../../../shared/vocabulary/index.ts';
import type { ViewId } from '../state/router.svelte.ts';
import type { FieldSpec, FormValues } from './form-fields.ts';

/**
 * The four kinds of work item a cycle keeps in lists (risks and opportunities,
 * decisions, actions, product development), described once: their fields, statuses,
 * what they may link to and the named commands that write them. The list, the form and
 * the side panel are the same components for all four, driven by these descriptions.
 */

/** A kind of work item with a list view of its own. */
export type ItemKind = 'risk' | 'decision' | 'action' | 'npi';

/** The colour token of a chip; every chip also carries its text. */
export type { Tone };

/** How a status reads: a word of the vocabulary. */
export type StatusInfo = Word;

/** A work item as the lists handle it: its fields and id. */
export type WorkItem = { id: string } & Record<string, unknown>;

/** What a kind's fields depend on: the plan's families, the cycle's currency. */
export interface SpecContext {
  families: readonly { id: string; name: string }[];
  currency: string;
  cycle: string;
  me: string;
}

/** The description of a kind of work item (see the module comment). */
export interface ItemSpec {
  kind: ItemKind;
  collection: 'risks' | 'decisions' | 'actions' | 'npi';
  view: ViewId;
  /** `risk`, `decision` ... as a sentence uses it. */
  noun: string;
  /** The field that names the item. */
  titleKey: string;
  fields(context: SpecContext): FieldSpec[];
  /** The field that holds the item's status (`status`, or `stage` for product development). */
  statusKey: string;
  statuses: Record<string, StatusInfo>;
  /** Statuses that count as finished: "open" lists leave them out. */
  closed: readonly string[];
  /** The quick way to finish an item from its panel. */
  closeAs: { value: string; label: string } | null;
  /** What its links may point to (none: the kind has no links). */
  linkKinds: readonly LinkKind[];
  /** The form of a new item. */
  defaults(context: SpecContext): FormValues;
  /** Fields set when an item is made, not edited (the cycle it was raised in). */
  fixed(context: SpecContext): Record<string, unknown>;
  add(doc: CycleDoc, input: Record<string, unknown>): string;
  update(doc: CycleDoc, id: string, patch: Record<string, unknown>): void;
  /** Archives the item: it leaves the list but stays in the cycle (the record is never removed). */
  remove(doc: CycleDoc, id: string, by: string): void;
}

/** Archives an item of `name` now, by `by`: the meeting's record is archived, never removed. */
const archiver =
  (name: ArchivedCollection) =>
  (doc: CycleDoc, id: string, by: string): void =>
    archiveRecord(doc, name, id, { at: new Date().toISOString(), by });

const person = (label: string, required?: string): FieldSpec => ({
  key: 'owner',
  label,
  kind: 'person',
  required,
  half: true,
});

const scale = (labels: readonly string[]) =>
  labels.map((label, index) => ({ value: String(index + 1), label: `${index + 1} · ${label}` }));

/** Risk and opportunity statuses. */
export const RISK_STATUS: Record<string, StatusInfo> = RISK_STATUS_WORDS;
/** Decision statuses. */
export const DECISION_STATUS: Record<string, StatusInfo> = DECISION_STATUS_WORDS;
/** Action statuses. */
export const ACTION_STATUS: Record<string, StatusInfo> = ACTION_STATUS_WORDS;
/** Product development stages. */
export const NPI_STAGE: Record<string, StatusInfo> = NPI_STAGE_WORDS;
/** Gap note statuses. */
export const GAP_STATUS: Record<string, StatusInfo> = GAP_NOTE_STATUS_WORDS;

/** The choices of a status select. */
export function statusOptions(statuses: Record<string, StatusInfo>) {
  return Object.entries(statuses).map(([value, info]) => ({ value, label: info.label }));
}

/** Risks and opportunities (domain.md section 2). */
export const RISK_SPEC: ItemSpec = {
  kind: 'risk',
  collection: 'risks',
  view: 'risks',
  noun: 'risk',
  titleKey: 'title',
  fields: ({ currency }) => [
    {
      key: 'kind',
      label: 'Kind',
      kind: 'select',
      options: statusOptions(RISK_KIND_WORDS),
      required: 'Choose risk or opportunity',
      half: true,
    },
    {
      key: 'status',
      label: 'Status',
      kind: 'select',
      options: statusOptions(RISK_STATUS),
      required: 'Choose a status',
      half: true,
    },
    { key: 'title', label: 'Title', kind: 'text', required: 'Give it a short title' },
    { key: 'description', label: 'Description', kind: 'textarea' },
    {
      key: 'probability',
      label: 'Probability',
      kind: 'select',
      options: scale(['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain']),
      numeric: true,
      required: 'Choose a probability from 1 to 5',
      half: true,
    },
    {
      key: 'impact',
      label: 'Impact',
      kind: 'select',
      options: scale(['Minor', 'Moderate', 'Significant', 'Major', 'Severe']),
      numeric: true,
      required: 'Choose an impact from 1 to 5',
      half: true,
    },
    {
      key: 'impactValue',
      label: `Impact in money (${currency})`,
      kind: 'money',
      half: true,
    },
    person('Owner'),
    { key: 'mitigation', label: 'Mitigation, or how to capture it', kind: 'textarea' },
  ],
  statusKey: 'status',
  statuses: RISK_STATUS,
  closed: ['closed'],
  closeAs: { value: 'closed', label: 'Mark closed' },
  linkKinds: ['gap', 'family', 'resource', 'decision', 'action'],
  defaults: () => ({ kind: 'risk', status: 'open', probability: '3', impact: '3' }),
  fixed: ({ cycle }) => ({ raisedIn: cycle }),
  add: (doc, input) => addRisk(doc, input as never),
  update: (doc, id, patch) => updateRisk(doc, id, patch as never),
  remove: archiver('risks'),
};

/** Decision items. */
export const DECISION_SPEC: ItemSpec = {
  kind: 'decision',
  collection: 'decisions',
  view: 'decisions',
  noun: 'decision',
  titleKey: 'question',
  fields: () => [
    {
      key: 'question',
      label: 'Question to decide',
      kind: 'text',
      required: 'Write the question to decide',
    },
    {
      key: 'status',
      label: 'Status',
      kind: 'select',
      options: statusOptions(DECISION_STATUS),
      required: 'Choose a status',
      half: true,
    },
    { key: 'due', label: 'Decide by', kind: 'date', half: true },
    { key: 'options', label: 'Options considered', kind: 'textarea' },
    { key: 'chosen', label: 'Chosen option', kind: 'text' },
    { key: 'rationale', label: 'Rationale', kind: 'textarea' },
    person('Owner or approver'),
  ],
  statusKey: 'status',
  statuses: DECISION_STATUS,
  closed: ['agreed', 'rejected'],
  closeAs: { value: 'agreed', label: 'Mark agreed' },
  linkKinds: ['gap', 'risk', 'agenda', 'action', 'family', 'resource'],
  defaults: () => ({ status: 'proposed' }),
  fixed: ({ cycle }) => ({ madeIn: cycle }),
  add: (doc, input) => addDecision(doc, input as never),
  update: (doc, id, patch) => updateDecision(doc, id, patch as never),
  remove: archiver('decisions'),
};

/** Action items: exactly one owner and a due date. */
export const ACTION_SPEC: ItemSpec = {
  kind: 'action',
  collection: 'actions',
  view: 'actions',
  noun: 'action',
  titleKey: 'title',
  fields: () => [
    { key: 'title', label: 'Action', kind: 'text', required: 'Say what is to be done' },
    person('Owner', 'An action needs one owner'),
    { key: 'due', label: 'Due', kind: 'date', required: 'Set a due date', half: true },
    {
      key: 'status',
      label: 'Status',
      kind: 'select',
      options: statusOptions(ACTION_STATUS),
      required: 'Choose a status',
      half: true,
    },
  ],
  statusKey: 'status',
  statuses: ACTION_STATUS,
  closed: ['done', 'dropped'],
  closeAs: { value: 'done', label: 'Mark done' },
  linkKinds: ['gap', 'risk', 'decision', 'agenda', 'family', 'resource'],
  defaults: ({ me }) => ({ status: 'open', owner: me }),
  fixed: ({ cycle }) => ({ raisedIn: cycle }),
  add: (doc, input) => addAction(doc, input as never),
  update: (doc, id, patch) => updateAction(doc, id, patch as never),
  remove: archiver('actions'),
};

/** Product development (NPI) items. */
export const NPI_SPEC: ItemSpec = {
  kind: 'npi',
  collection: 'npi',
  view: 'npi',
  noun: 'product',
  titleKey: 'name',
  fields: ({ families }) => [
    { key: 'name', label: 'Product', kind: 'text', required: 'Name the product' },
    {
      key: 'stage',
      label: 'Stage',
      kind: 'select',
      options: statusOptions(NPI_STAGE),
      required: 'Choose a stage',
      half: true,
    },
    {
      key: 'family',
      label: 'Product family',
      kind: 'select',
      options: [
        { value: '', label: 'No family yet' },
        ...families.map((family) => ({ value: family.id, label: family.name })),
      ],
      half: true,
    },
    {
      key: 'plannedLaunch',
      label: 'Planned launch',
      kind: 'month',
      required: 'Set the planned launch month',
      half: true,
    },
    {
      key: 'forecastLaunch',
      label: 'Forecast launch',
      kind: 'month',
      hint: 'When the team now expects it',
      half: true,
    },
    person('Owner'),
  ],
  statusKey: 'stage',
  statuses: NPI_STAGE,
  closed: ['launched'],
  closeAs: { value: 'launched', label: 'Mark launched' },
  linkKinds: [],
  defaults: ({ cycle }) => ({ stage: 'idea', plannedLaunch: cycle }),
  fixed: () => ({}),
  add: (doc, input) => addNpiItem(doc, input as never),
  update: (doc, id, patch) => updateNpiItem(doc, id, patch as never),
  remove: archiver('npi'),
};

/** The fields of a gap's note. */
export const GAP_NOTE_FIELDS: FieldSpec[] = [
  { key: 'owner', label: 'Owner', kind: 'person', half: true },
  {
    key: 'status',
    label: 'Status',
    kind: 'select',
    options: statusOptions(GAP_STATUS),
    required: 'Choose a status',
    half: true,
  },
  { key: 'note', label: 'Note', kind: 'textarea' },
];

/** The title of a work item. */
export function itemTitle(spec: ItemSpec, item: WorkItem): string {
  const title = item[spec.titleKey];
  return typeof title === 'string' && title.trim() ? title : `Untitled ${spec.noun}`;
}
