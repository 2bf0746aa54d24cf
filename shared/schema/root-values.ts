import * as v from 'valibot';
import { MAX_PLAN_NUMBER, planNumberText } from '../engine/plausibility.ts';
import {
  adjustmentSchema,
  consensusOverrideSchema,
  forecastFieldsSchema,
  historyMarkSchema,
  FUNCTIONS,
  familySchema,
  idSchema,
  loadSchema,
  metaSchema,
  SCHEMA_VERSION,
  monthSchema,
  quantitySchema,
  streamNameSchema,
  resourceSchema,
  settingsSchema,
  STAGES,
} from './records.ts';

/**
 * The shapes of what a cycle document holds outside its work records: the plain-field
 * roots (meta, the plan's settings, meeting, pre-read, previous cycle), a sign-off, a grid's imported row and
 * the keys of each collection. With the record schemas in `records.ts` they are what the
 * relay checks every written value against.
 */

const bounded = (max: number) =>
  v.pipe(v.string('must be text'), v.maxLength(max, `must be at most ${max} characters`));
const time = bounded(40);

/** A function's sign-off of a stage, keyed `stage|function`. */
export const signoffSchema = v.strictObject({
  by: v.pipe(bounded(200), v.minLength(1, 'needs the name of who signed off')),
  at: time,
});

/**
 * The meeting state: when it started, its current agenda item and when that started,
 * and when and by whom it ended.
 */
export const meetingSchema = v.strictObject({
  startedAt: v.optional(time),
  currentItem: v.optional(idSchema),
  itemStartedAt: v.optional(time),
  endedAt: v.optional(time),
  endedBy: v.optional(v.pipe(bounded(200), v.minLength(1, 'needs the name of who ended it'))),
});

/** The published pre-read: when, by whom, and the frozen plan as text. */
export const prereadSchema = v.strictObject({
  publishedAt: time,
  publishedBy: bounded(200),
  /** The plan file as JSON text; no plan the product takes is larger. */
  plan: bounded(64 * 1024 * 1024),
});

/** The least and most the plan-over-plan change threshold may be (1% to 1000%). */
export const THRESHOLD_RANGE = { min: 0.01, max: 10 } as const;

/** The plan of the cycle before (written by the server) and the change threshold. */
export const previousSchema = v.strictObject({
  cycle: v.optional(bounded(64)),
  hash: v.optional(bounded(100)),
  plan: v.optional(bounded(64 * 1024 * 1024)),
  threshold: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.finite('must be a finite number'),
      v.minValue(THRESHOLD_RANGE.min, 'must be at least 1%'),
      v.maxValue(THRESHOLD_RANGE.max, 'must be at most 1000%'),
    ),
  ),
});

/** The most names a line of an acknowledged checklist keeps (the rest are counted). */
export const ACKNOWLEDGED_NAMES_KEPT = 10;

/**
 * What was left open when the next cycle started anyway, and who acknowledged it when:
 * each checklist line with something open, its count and the first of its names.
 */
export const acknowledgementSchema = v.strictObject({
  by: v.pipe(bounded(200), v.minLength(1, 'needs the name of who acknowledged it')),
  at: time,
  open: v.pipe(
    v.array(
      v.strictObject({
        key: bounded(64),
        label: bounded(200),
        count: v.pipe(v.number(), v.integer(), v.minValue(1)),
        names: v.pipe(v.array(bounded(400)), v.maxLength(ACKNOWLEDGED_NAMES_KEPT)),
      }),
    ),
    v.minLength(1, 'names what was left open'),
    v.maxLength(20),
  ),
});

/** How a closed cycle was closed; only the server writes it. */
export const closureSchema = v.strictObject({
  closedAt: time,
  closedBy: bounded(200),
  hash: bounded(100),
  nextCycle: v.optional(bounded(64)),
  acknowledgement: v.optional(acknowledgementSchema),
});

/** The most months one imported row holds (the horizon is at most 60; history is longer). */
export const MAX_ROW_MONTHS = 1200;

/**
 * A cell's number: a quantity no larger than the largest number a plan takes, so no
 * page can store twenty nines typed for demand.
 */
export const cellNumberSchema = v.pipe(
  quantitySchema,
  v.maxValue(
    MAX_PLAN_NUMBER,
    `must be at most ${planNumberText(MAX_PLAN_NUMBER)}, the largest number a plan takes`,
  ),
);

/**
 * A grid's imported row as the document keeps it (`StoredRow` in shared/doc/grid-rows):
 * its first month, then a cell number, or null for none, per month from it.
 */
export const baseRowSchema = v.pipe(
  v.tupleWithRest([monthSchema], v.nullable(cellNumberSchema), 'must be a month then its values'),
  v.check((row) => row.length > 1, 'must hold at least one month'),
  v.check((row) => row.length - 1 <= MAX_ROW_MONTHS, `must hold at most ${MAX_ROW_MONTHS} months`),
);

/** A grid cell's edit: a cell number, or null for a cleared cell. */
export const cellEditSchema = v.nullable(cellNumberSchema);

/** A key made of two ids, `a|b` (a cell's `id|month`, a load's `family|resource`). */
export function pairKeySchema(first: v.GenericSchema<string>, second: v.GenericSchema<string>) {
  return v.pipe(
    v.string('must be text'),
    v.check((key: string) => {
      const at = key.indexOf('|');
      return at > 0 && v.is(first, key.slice(0, at)) && v.is(second, key.slice(at + 1));
    }, 'must be two parts "a|b"'),
  );
}

/** A name or other free key (a person's name, a gap's id): 1 to 400 characters. */
export const freeKeySchema = v.pipe(bounded(400), v.minLength(1, 'must not be empty'));

/** The plan's collections: their record schema and key. */
export const PLAN_COLLECTION_SCHEMAS = {
  families: { record: familySchema, key: idSchema },
  resources: { record: resourceSchema, key: idSchema },
  loads: { record: loadSchema, key: pairKeySchema(idSchema, idSchema) },
  adjustments: {
    record: adjustmentSchema,
    key: pairKeySchema(idSchema, pairKeySchema(monthSchema, streamNameSchema)),
  },
  overrides: { record: consensusOverrideSchema, key: pairKeySchema(idSchema, monthSchema) },
  historyMarks: { record: historyMarkSchema, key: pairKeySchema(idSchema, monthSchema) },
} as const;

/** Keys of the work collections that are not record ids. */
export const WORK_KEY_SCHEMAS: Readonly<Record<string, v.GenericSchema<string>>> = {
  stages: v.picklist(STAGES, `must be one of ${STAGES.join(', ')}`),
  signoffs: pairKeySchema(v.picklist(STAGES), v.picklist(FUNCTIONS)),
  inputs: v.picklist(FUNCTIONS, `must be one of ${FUNCTIONS.join(', ')}`),
  gapNotes: freeKeySchema,
  attendance: freeKeySchema,
  prereadReads: freeKeySchema,
};

/** The plain-field roots and the schema of their fields. */
export const FIELD_ROOT_SCHEMAS = {
  // A page writes the layout version this code writes, never another: a higher one
  // would make every page open the cycle read-only, a lower one undo the server's upgrade.
  meta: v.strictObject({
    ...metaSchema.entries,
    schemaVersion: v.literal(
      SCHEMA_VERSION,
      `must be ${SCHEMA_VERSION}, the layout this version of Fulcrum writes`,
    ),
  }),
  settings: settingsSchema,
  meeting: meetingSchema,
  preread: prereadSchema,
  previous: previousSchema,
  closure: closureSchema,
  demandReview: forecastFieldsSchema,
} as const;

/** Fields of a record kept as shared text (written a few characters at a time). */
export const TEXT_FIELDS: Readonly<Record<string, readonly string[]>> = { agenda: ['notes'] };
