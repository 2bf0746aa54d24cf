import * as v from 'valibot';
import { ROLES } from '../policy/roles.ts';
import { GRID_NAMES } from './grids.ts';
import { FUNCTIONS, idSchema, monthSchema } from './records.ts';

/**
 * Presence: what each open page tells the others about its person (who, which view, which
 * cell, where the cursor is in the meeting notes). The relay stamps every state with the
 * person its invite names ({@link presenceUserSchema}) and keeps the other fields only
 * when they match these shapes, so the page can trust who is here and in which role.
 */

/** The longest display name a presence state carries (as an invite's). */
export const MAX_PRESENCE_NAME = 100;

/** A presence colour: `#rrggbb`. */
export const presenceColorSchema = v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/));

/**
 * Who a presence state is about, as the relay stamps it from the invite token: name, role
 * and functions. `color` is the page's own choice, kept when it is a `#rrggbb` colour.
 */
export const presenceUserSchema = v.object({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_PRESENCE_NAME)),
  role: v.picklist(ROLES),
  functions: v.pipe(v.array(v.picklist(FUNCTIONS)), v.maxLength(FUNCTIONS.length)),
  color: v.optional(presenceColorSchema),
});

/** A stamped presence user (see {@link presenceUserSchema}). */
export type PresenceUser = v.InferOutput<typeof presenceUserSchema>;

/** The grid cell a person has focused: grid, family or resource id, month. */
export const presenceFocusSchema = v.object({
  grid: v.picklist(GRID_NAMES),
  id: idSchema,
  month: monthSchema,
});

/** A Yjs item id inside a relative position: the client that made it and its clock. */
const itemIdSchema = v.object({
  client: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  clock: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});

/** A Yjs relative position as JSON (where a cursor is in a shared text). */
const relativePositionSchema = v.object({
  type: v.optional(v.nullable(itemIdSchema)),
  tname: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
  item: v.optional(v.nullable(itemIdSchema)),
  assoc: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-1), v.maxValue(1))),
});

/**
 * The fields a page may add to its presence beside `user`, each with its one shape; a
 * field not listed here, or not matching its shape, is dropped by the relay.
 * - `focus`: the grid cell the person is on (null when none);
 * - `view`: the view they are on (`plan`, `meeting`...);
 * - `cursor`: their selection in the meeting notes they have open (null when none).
 */
export const PRESENCE_FIELDS = {
  focus: v.nullable(presenceFocusSchema),
  view: v.pipe(v.string(), v.regex(/^[a-z][a-z-]{0,31}$/)),
  cursor: v.nullable(v.object({ anchor: relativePositionSchema, head: relativePositionSchema })),
} as const;
