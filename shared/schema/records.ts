import * as v from 'valibot';
import { FUNCTIONS } from './functions.ts';
import { CommandError } from './command-error.ts';
import { isDay, isMonth } from '../dates.ts';
import { MAX_PLAN_NUMBER, planNumberText } from '../engine/plausibility.ts';
import { ADJUSTMENT_REASONS, MAX_FORECAST_LAG } from '../engine/demand-streams.ts';
import { OVERRIDE_MEASURES } from './grids.ts';
import { isOneOwner, oneOwnerProblem } from '../people/one-owner.ts';

/**
 * Records of the cycle document (domain.md section 2) with one runtime schema each.
 * Commands check their input against these before writing, and the projection checks
 * what it reads from other peers; a record that fails is reported, never trusted.
 */

/** The document schema version this code writes. See `migrations.ts`. */
export const SCHEMA_VERSION = 2;

const quantity = v.pipe(
  v.number('must be a number'),
  v.finite('must be a finite number'),
  v.minValue(0, (issue) => `must not be negative, got ${issue.received}`),
);
const largest = `must be at most ${planNumberText(MAX_PLAN_NUMBER)}, the largest number a plan takes`;
/** A number of the plan: a quantity no larger than the largest number a plan takes (10^12). */
const planNumber = v.pipe(quantity, v.maxValue(MAX_PLAN_NUMBER, largest));
/** A number of the plan that may be negative (opening inventory: a backlog owed). */
const signedPlanNumber = v.pipe(
  v.number('must be a number'),
  v.finite('must be a finite number'),
  v.minValue(-MAX_PLAN_NUMBER, `must be at least -${planNumberText(MAX_PLAN_NUMBER)}`),
  v.maxValue(MAX_PLAN_NUMBER, largest),
);
/** A share from 0 to 1 (a rate, a tolerance). */
const share = v.pipe(
  v.number('must be a number'),
  v.finite('must be a finite number'),
  v.minValue(0, (issue) => `must be between 0 and 1, got ${issue.received}`),
  v.maxValue(1, (issue) => `must be between 0 and 1, got ${issue.received}`),
);
/** A whole number from `min` to `max`, with messages that say so. */
const wholeNumber = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
/** A record's position in its list: any finite number (ties break by id). */
const position = v.pipe(v.number('must be a number'), v.finite('must be a finite number'));
const text = (max: number) =>
  v.pipe(v.string('must be text'), v.maxLength(max, `must be at most ${max} characters`));
const id = v.pipe(
  v.string('must be text'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(200, 'must be at most 200 characters'),
  v.regex(/^[^|]+$/, 'must not contain "|"'),
);
const month = v.pipe(
  v.string(),
  v.check((value: string) => isMonth(value), 'must be a month YYYY-MM'),
);
const day = daySchema();
const links = v.array(v.pipe(v.string(), v.maxLength(300)), 'must be a list of links');

/**
 * The rule of `quantitySchema` as a plain test, for the hot path that reads tens of
 * thousands of cells (a test keeps the two in step).
 */
export function isQuantity(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Schema of an id (family, resource, work item): non-empty, no `|` (the cell key separator). */
export const idSchema = id;
/** Schema of a cell value: a finite number >= 0. */
export const quantitySchema = quantity;
/** Schema of a month `YYYY-MM`. */
export const monthSchema = month;

/**
 * Schema of a day `YYYY-MM-DD` (its shape, as `isDay` checks it). `message` is what the
 * person is told when it is missing or not a day; without one, `must be a date YYYY-MM-DD`.
 */
export function daySchema(message?: string) {
  return v.pipe(
    v.string(message),
    v.check((value: string) => isDay(value), message ?? 'must be a date YYYY-MM-DD'),
  );
}

/** Cycle metadata. */
export const metaSchema = v.strictObject({
  schemaVersion: wholeNumber(1, 1000),
  cycle: month,
  title: text(200),
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be a currency code like "EUR"')),
  firstPeriod: month,
  periodCount: wholeNumber(1, 60),
});

/**
 * A product family's fields as the document keeps them: the plan file's numbers, with
 * its bounds (at most 10^12; the opening inventory may be negative, a backlog owed).
 */
export const familySchema = v.strictObject({
  name: text(500),
  price: planNumber,
  unitCost: planNumber,
  openingInventory: signedPlanNumber,
  safetyStock: v.optional(planNumber),
  maxCover: v.optional(planNumber),
  /** Monthly cost of holding stock as a share of unit cost; absent: the plan's setting. */
  holdingRate: v.optional(share),
  /** The least and the most the constrained plan makes of it in a month (units). */
  minSupply: v.optional(planNumber),
  maxSupply: v.optional(planNumber),
  /** The lead time its forecast is judged at, in months (0 to 6); absent: 1. */
  forecastLag: v.optional(wholeNumber(0, MAX_FORECAST_LAG)),
  /** Position in the family list: ties break by id. */
  order: position,
});

/** A stream's name: a function's (sales, marketing) or one a workspace adds. */
export const streamNameSchema = v.pipe(
  v.string('must be text'),
  v.regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'must be a stream name like "sales"'),
);

const reasonCode = v.picklist(
  ADJUSTMENT_REASONS,
  `must be one of ${ADJUSTMENT_REASONS.join(', ')}`,
);

/**
 * One function's adjustment of a family-month's baseline (kept keyed
 * `family|month|stream`): units added (negative: taken off), who, why, when.
 */
export const adjustmentSchema = v.strictObject({
  amount: v.pipe(
    signedPlanNumber,
    v.check((amount: number) => amount !== 0, 'must not be 0: clear the adjustment instead'),
  ),
  author: v.pipe(text(200), v.minLength(1, 'needs the name of who made it')),
  reason: reasonCode,
  note: v.optional(text(2000)),
  at: v.optional(v.pipe(v.string('must be a time'), v.isoTimestamp('must be an ISO time'))),
});

/** A consensus set by hand for a family-month (kept keyed `family|month`). */
export const consensusOverrideSchema = v.strictObject({
  value: planNumber,
  author: v.pipe(text(200), v.minLength(1, 'needs the name of who set it')),
  reason: reasonCode,
  note: v.optional(text(2000)),
  at: v.optional(v.pipe(v.string('must be a time'), v.isoTimestamp('must be an ISO time'))),
});

/** A month of demand history a person marked for the baseline (kept keyed `family|month`). */
export const historyMarkSchema = v.strictObject({
  mark: v.picklist(['keep', 'oneOff'], 'must be keep (a real event) or oneOff (a promotion)'),
  by: v.pipe(text(200), v.minLength(1, 'needs the name of who marked it')),
  at: v.optional(v.pipe(v.string('must be a time'), v.isoTimestamp('must be an ISO time'))),
  note: v.optional(text(2000)),
});

/** When the statistical baseline was last used for demand, by whom, and each family's method. */
export const baselineRunSchema = v.strictObject({
  at: v.pipe(v.string('must be a time'), v.isoTimestamp('must be an ISO time')),
  by: v.pipe(text(200), v.minLength(1, 'needs the name of who made it')),
  methods: v.record(id, text(200)),
});

/** The demand review's fields: the adjustment streams and the last baseline used. */
export const forecastFieldsSchema = v.strictObject({
  streams: v.optional(
    v.pipe(
      v.array(streamNameSchema, 'must be a list of stream names'),
      v.maxLength(8, 'must name at most 8 streams'),
      v.check((names) => new Set(names).size === names.length, 'must not name a stream twice'),
    ),
  ),
  baseline: v.optional(baselineRunSchema),
});

/** A key resource's fields. */
export const resourceSchema = v.strictObject({
  name: text(500),
  /** What one hour above the base plan's capacity costs; absent: 0. */
  extraHourCost: v.optional(planNumber),
  order: position,
});

/** A load factor: hours of a resource per unit of a family. */
export const loadSchema = v.strictObject({
  hoursPerUnit: planNumber,
  order: position,
});

/**
 * The plan's settings (domain.md section 3), each optional (absent: its default), with
 * the bounds the plan file states: shares from 0 to 1, a tracking window of 2 to 60
 * points, a tracking limit above 0 and at most 1,000, a fiscal year starting in month
 * 1 to 12.
 */
export const settingsSchema = v.strictObject({
  budgetTolerance: v.optional(share),
  trackingWindow: v.optional(wholeNumber(2, 60)),
  trackingLimit: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.finite('must be a finite number'),
      v.gtValue(0, 'must be above 0'),
      v.maxValue(1000, 'must be at most 1,000'),
    ),
  ),
  fiscalYearStart: v.optional(wholeNumber(1, 12)),
  holdingRate: v.optional(share),
  backlogPenaltyRate: v.optional(share),
  safetyShortfallPenalty: v.optional(share),
  overtimeShare: v.optional(share),
  planChangePenalty: v.optional(share),
});

const owner = text(200);
const isoTime = v.pipe(
  v.string('must be a time'),
  v.isoTimestamp('must be an ISO time like 2026-12-03T14:05:00Z'),
);

/**
 * When a work record was archived, and by whom: archived records leave the lists and the
 * minutes but stay in the cycle, and can be restored. The meeting's record is archived,
 * never removed.
 */
export const archivedSchema = v.strictObject({
  at: v.pipe(text(40), v.minLength(1, 'needs the time it was archived')),
  by: v.optional(owner),
});
const archived = v.optional(archivedSchema);

/** A note on a gap, keyed by the gap's stable id so it survives recomputation. */
export const gapNoteSchema = v.strictObject({
  owner: v.optional(owner),
  note: v.optional(text(5000)),
  status: v.picklist(['open', 'inProgress', 'resolved', 'accepted']),
  links: v.optional(links),
  /** Marked for the meeting's decision pack (agenda item 6) until a decision is taken on it. */
  needsDecision: v.optional(v.boolean('must be true or false')),
});

/** A risk or opportunity. */
export const riskSchema = v.strictObject({
  title: text(300),
  description: v.optional(text(5000)),
  kind: v.picklist(['risk', 'opportunity']),
  probability: wholeNumber(1, 5),
  impact: wholeNumber(1, 5),
  impactValue: v.optional(quantity),
  owner: v.optional(owner),
  mitigation: v.optional(text(5000)),
  status: v.picklist(['open', 'mitigating', 'closed']),
  links: v.optional(links),
  raisedIn: month,
  archived,
});

/**
 * One measure a decision is expected to move: its name, the change expected (signed, in
 * `unit`: a currency code, `units`, `h`...) and, when it is one of the scenario
 * comparison's measures, that measure's key, so a later review can read its actual.
 */
export const expectedImpactSchema = v.strictObject({
  measure: v.pipe(text(100), v.minLength(1, 'name the measure')),
  value: signedPlanNumber,
  unit: v.pipe(text(20), v.minLength(1, 'name the unit or currency')),
  key: v.optional(v.pipe(text(40), v.regex(/^[A-Za-z]+$/, 'must be a measure key'))),
});

/** Whether a reviewed decision delivered what it was expected to. */
export const REVIEW_OUTCOMES = ['delivered', 'partly', 'notDelivered'] as const;

/**
 * The review of an agreed decision, a cycle or more later: did it deliver, who said so
 * and when. Only the facilitator records it (the write policy refuses anyone else).
 */
export const decisionReviewSchema = v.strictObject({
  outcome: v.picklist(REVIEW_OUTCOMES, 'must be delivered, partly or notDelivered'),
  by: v.pipe(owner, v.minLength(1, 'needs the name of who reviewed it')),
  at: isoTime,
  note: v.optional(text(2000)),
});

/**
 * A decision item. `expectedImpact`, `reviewDate` and `review` are absent on decisions
 * recorded before they were kept (and on those taken without them).
 */
export const decisionSchema = v.strictObject({
  question: text(1000),
  options: v.optional(text(5000)),
  chosen: v.optional(text(1000)),
  rationale: v.optional(text(5000)),
  owner: v.optional(owner),
  status: v.picklist(['proposed', 'agreed', 'rejected', 'deferred']),
  due: v.optional(day),
  links: v.optional(links),
  madeIn: month,
  /** What the decision is expected to move, measure by measure (at most 12). */
  expectedImpact: v.optional(
    v.pipe(v.array(expectedImpactSchema), v.maxLength(12, 'at most 12 measures')),
  ),
  /** The day by which the meeting checks whether it delivered. */
  reviewDate: v.optional(day),
  /** Whether it delivered, recorded by the facilitator at the review. */
  review: v.optional(decisionReviewSchema),
  archived,
});

/**
 * An action item: exactly one owner, one person's name (`oneOwnerProblem`: nothing
 * joining two names). `createdAt` is when it was made (the create command sets it);
 * actions made before it was kept have none, and their age is unknown.
 */
export const actionSchema = v.strictObject({
  title: text(500),
  owner: v.pipe(
    owner,
    v.minLength(1, 'an action needs one owner'),
    v.check(isOneOwner, (issue) => oneOwnerProblem(String(issue.input)) ?? 'must name one person'),
  ),
  due: day,
  status: v.picklist(['open', 'done', 'dropped']),
  links: v.optional(links),
  raisedIn: month,
  createdAt: v.optional(isoTime),
  archived,
});

/** A product development (NPI) item. */
export const npiSchema = v.strictObject({
  name: text(300),
  stage: v.picklist(['idea', 'feasibility', 'development', 'launch', 'launched']),
  plannedLaunch: month,
  forecastLaunch: v.optional(month),
  owner: v.optional(owner),
  family: v.optional(v.string()),
  archived,
});

/** The outcome an agenda item closes with: one value, so one closer wins whole. */
export const outcomeSchema = v.strictObject({
  kind: v.picklist(['decision', 'action', 'noted']),
  ref: v.optional(v.string()),
  by: owner,
  at: v.string(),
});

/** An agenda item of the executive meeting (its notes are a shared text beside it). */
export const agendaItemSchema = v.strictObject({
  title: text(300),
  timeBoxMinutes: wholeNumber(1, 240),
  order: position,
  outcome: v.optional(outcomeSchema),
  archived,
});

/** The six stages of the cycle. */
export const STAGES = ['product', 'demand', 'supply', 'preSop', 'financial', 'executive'] as const;
/** The functions that sign off a stage. */
export { FUNCTIONS };

/** A stage's status, owner and due date (sign-offs are kept per function beside it). */
export const stageSchema = v.strictObject({
  status: v.picklist(['notStarted', 'inProgress', 'done']),
  owner: v.optional(owner),
  due: v.optional(day),
});

/** Who attended the meeting. */
export const attendanceSchema = v.strictObject({
  name: text(200),
  function: v.optional(v.picklist(FUNCTIONS)),
  present: v.boolean(),
});

/** How far a function's inputs to the cycle have come. */
export const INPUT_STATUSES = ['notStarted', 'inProgress', 'submitted'] as const;

/** A function's inputs to the cycle: how far they are, who last changed that and when. */
export const inputStatusSchema = v.strictObject({
  status: v.picklist(INPUT_STATUSES, 'must be notStarted, inProgress or submitted'),
  by: v.pipe(owner, v.minLength(1, 'needs the name of who changed it')),
  at: isoTime,
  note: v.optional(text(500)),
});

/** A person's reading of the pre-read (keyed by their name): when, and which pre-read. */
export const prereadReadSchema = v.strictObject({
  at: isoTime,
  /** When the pre-read they read was published: a read of an older one does not count. */
  publishedAt: isoTime,
});

/** A "what if" on the cycle's inputs: its name, assumption and owner (overrides beside it). */
export const scenarioSchema = v.strictObject({
  name: v.pipe(text(200), v.minLength(1, 'a scenario needs a name')),
  assumption: v.optional(text(5000)),
  owner: v.optional(owner),
  status: v.picklist(['draft', 'adopted', 'rejected'], 'must be draft, adopted or rejected'),
  /** The decision that adopted it. */
  adoptedBy: v.optional(id),
  /** The decision that kept the current plan instead of it. */
  rejectedBy: v.optional(id),
  order: position,
});

/** One override of a scenario, applied in `order` (see the engine's scenario file). */
export const scenarioOverrideSchema = v.strictObject({
  scenario: id,
  order: position,
  measure: v.picklist(OVERRIDE_MEASURES, 'must be demand, supply, capacity or price'),
  targets: v.union(
    [v.literal('all'), v.pipe(v.array(id), v.minLength(1, 'must name at least one id'))],
    'must be "all" or a list of ids',
  ),
  from: v.optional(month),
  to: v.optional(month),
  op: v.picklist(['scale', 'add', 'set'], 'must be scale, add or set'),
  value: v.pipe(v.number('must be a number'), v.finite('must be a finite number')),
});

/** What a comment can be anchored to: a plan record, a gap, an agenda item or a work item. */
export const COMMENT_ANCHORS = [
  'family',
  'cell',
  'gap',
  'agenda',
  'risk',
  'decision',
  'action',
  'npi',
  'stage',
  // A family's change since the previous cycle: the reason the meeting sees.
  'change',
] as const;

/** A comment anchored to a family, a cell, a gap, an agenda item, a work item or a stage. */
export const commentSchema = v.strictObject({
  anchorKind: v.picklist(COMMENT_ANCHORS),
  anchor: v.pipe(v.string(), v.minLength(1)),
  text: v.pipe(text(5000), v.minLength(1, 'a comment needs text')),
  author: owner,
  at: v.string(),
});

/**
 * The records whose agreed content never changes in place: an agreed decision and a
 * closed agenda item's outcome. A change to one is a revision beside it.
 */
export const REVISABLE = { decisions: decisionSchema, agenda: agendaItemSchema } as const;
/** A collection whose records are revised rather than changed (see {@link REVISABLE}). */
export type RevisableCollection = keyof typeof REVISABLE;

/**
 * A revision of an agreed decision or a closed agenda outcome: who, when and why, the
 * fields it sets and those it clears. The record itself keeps what was agreed first;
 * readers apply the revisions in time order, and every earlier version stays readable.
 */
export const revisionSchema = v.pipe(
  v.strictObject({
    target: v.picklist(['decisions', 'agenda'], 'must be decisions or agenda'),
    record: id,
    fields: v.record(v.string(), v.unknown()),
    cleared: v.optional(v.array(v.pipe(v.string(), v.maxLength(100)))),
    why: v.pipe(text(1000), v.minLength(1, 'say why it changed')),
    by: v.pipe(owner, v.minLength(1, 'needs the name of who revised it')),
    /** When, as an ISO time: revisions apply in this order. */
    at: v.pipe(text(40), v.minLength(1, 'needs the time of the revision')),
  }),
  v.check(
    (revision) => v.is(v.partial(REVISABLE[revision.target]), revision.fields),
    'fields: must be fields the record has, with values its schema takes',
  ),
  v.check(
    (revision) =>
      (revision.cleared ?? []).every((name) => name in REVISABLE[revision.target].entries),
    'cleared: must name fields the record has',
  ),
);

/** Record types, from their schemas. */
export type Meta = v.InferOutput<typeof metaSchema>;
export type FamilyFields = v.InferOutput<typeof familySchema>;
export type ResourceFields = v.InferOutput<typeof resourceSchema>;
export type GapNote = v.InferOutput<typeof gapNoteSchema>;
export type Risk = v.InferOutput<typeof riskSchema>;
export type Decision = v.InferOutput<typeof decisionSchema>;
export type ExpectedImpact = v.InferOutput<typeof expectedImpactSchema>;
export type DecisionReview = v.InferOutput<typeof decisionReviewSchema>;
export type Action = v.InferOutput<typeof actionSchema>;
export type NpiItem = v.InferOutput<typeof npiSchema>;
export type Outcome = v.InferOutput<typeof outcomeSchema>;
export type AgendaItem = v.InferOutput<typeof agendaItemSchema>;
export type Stage = v.InferOutput<typeof stageSchema>;
export type Attendance = v.InferOutput<typeof attendanceSchema>;
export type Comment = v.InferOutput<typeof commentSchema>;
export type InputStatus = v.InferOutput<typeof inputStatusSchema>;
export type PrereadRead = v.InferOutput<typeof prereadReadSchema>;
export type ScenarioRecord = v.InferOutput<typeof scenarioSchema>;
export type ScenarioOverrideRecord = v.InferOutput<typeof scenarioOverrideSchema>;
export type Revision = v.InferOutput<typeof revisionSchema>;

/**
 * Checks `input` against `schema`; returns the parsed value or throws a
 * {@link CommandError} with one issue per problem, whose message reads e.g.
 * `addRisk: probability: must be at most 5`.
 */
export function checked<S extends v.GenericSchema>(
  command: string,
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw new CommandError(
    command,
    result.issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message })),
  );
}
