import * as v from 'valibot';
import {
  actionSchema,
  checked,
  decisionSchema,
  gapNoteSchema,
  idSchema,
  riskSchema,
} from '../schema/records.ts';
import { collection, newId, transact, writeFields, type CollectionName } from './layout.ts';
import { record } from './plan-commands.ts';
import { commandError } from '../schema/command-error.ts';
import type { CycleDoc } from './cycle-doc.ts';
import { isMonth, type Month } from '../dates.ts';
import { GAP_KINDS, type GapKind } from '../engine/types.ts';

/**
 * Links between records and the command that raises a work item from a gap.
 *
 * A link is one string `<kind>:<id>` kept in a record's `links` list, e.g.
 * `gap:shortage:F01:2027-01` or `decision:decisions-1a2b3c4d`. The kind ends at the
 * first colon, so ids that hold colons (gap ids do) stay whole.
 */

/** What a link can point to. */
export const LINK_KINDS = [
  'gap',
  'risk',
  'decision',
  'action',
  'npi',
  'agenda',
  'family',
  'resource',
  'scenario',
] as const;
/** The kind of record a link points to. */
export type LinkKind = (typeof LINK_KINDS)[number];

/** A link, read. */
export interface Link {
  kind: LinkKind;
  id: string;
}

/** The link string of a record: `risk:risks-1a2b3c4d`. */
export function linkKey(kind: LinkKind, id: string): string {
  return `${kind}:${id}`;
}

/** Reads a link string; null when it is not `<kind>:<id>` with a known kind. */
export function parseLink(key: string): Link | null {
  const at = key.indexOf(':');
  if (at <= 0 || at === key.length - 1) return null;
  const kind = key.slice(0, at);
  if (!(LINK_KINDS as readonly string[]).includes(kind)) return null;
  return { kind: kind as LinkKind, id: key.slice(at + 1) };
}

/** `kind:subject:period`: the kind ends at the first colon, the period follows the last. */
const GAP_ID = /^([^:]+):(.+):([^:]+)$/;

/** The parts of a gap's stable id `kind:subject:period`; null when it is not one. */
export function parseGapId(gapId: string): {
  kind: GapKind;
  subject: string;
  period: Month;
} | null {
  const match = GAP_ID.exec(gapId);
  if (!match || !isGapKind(match[1]) || !isMonth(match[3])) return null;
  return { kind: match[1], subject: match[2], period: match[3] };
}

function isGapKind(value: string): value is GapKind {
  return (GAP_KINDS as readonly string[]).includes(value);
}

const RAISABLE = {
  risk: { collection: 'risks', schema: riskSchema, text: 'title' },
  decision: { collection: 'decisions', schema: decisionSchema, text: 'question' },
  action: { collection: 'actions', schema: actionSchema, text: 'title' },
} as const satisfies Record<
  string,
  { collection: CollectionName; schema: v.GenericSchema; text: string }
>;

/** A work item raised from a gap, with the fields of its record. */
export type RaisedItem =
  | { kind: 'risk'; fields: v.InferInput<typeof riskSchema> }
  | { kind: 'decision'; fields: v.InferInput<typeof decisionSchema> }
  | { kind: 'action'; fields: v.InferInput<typeof actionSchema> };

/**
 * Raises a risk, a decision or an action from a gap, in one transaction: the new item
 * links back to the gap (`gap:<gapId>` is added to its links when missing) and the gap's
 * note gains a link to the new item (the note is created, status open, when the gap had
 * none). Both sides are checked before anything is written, so an invalid item leaves
 * the document unchanged. Returns the new item's id.
 */
export function raiseFromGap(
  doc: CycleDoc,
  gapId: string,
  item: RaisedItem,
  id: string = newId(RAISABLE[item.kind]?.collection ?? 'item'),
): string {
  const command = 'raiseFromGap';
  if (!parseGapId(gapId)) throw commandError(command, `"${gapId}" is not a gap id`);
  const target = RAISABLE[item.kind];
  if (!target) throw commandError(command, `a gap raises a risk, a decision or an action`);
  checked(command, idSchema, id);
  const headline = (item.fields as Record<string, unknown>)[target.text];
  if (typeof headline === 'string' && headline.trim() === '') {
    throw commandError(command, `the ${item.kind} needs a ${target.text}`, target.text);
  }
  const gapLink = linkKey('gap', gapId);
  const given = (item.fields as { links?: unknown }).links;
  const links = Array.isArray(given) ? [...given] : [];
  if (!links.includes(gapLink)) links.push(gapLink);
  // An action records when it was made: its age counts from here.
  const made = item.kind === 'action' ? { createdAt: new Date().toISOString() } : {};
  const fields = checked(command, target.schema, { ...made, ...item.fields, links }) as Record<
    string,
    unknown
  >;
  const items = collection(doc, target.collection);
  if (items.has(id)) throw commandError(command, `"${id}" already exists`);

  const notes = collection(doc, 'gapNotes');
  const current = notes.get(gapId);
  const before = current ? (current.toJSON() as Record<string, unknown>) : { status: 'open' };
  const noteLinks = Array.isArray(before.links) ? [...(before.links as string[])] : [];
  const itemLink = linkKey(item.kind, id);
  if (!noteLinks.includes(itemLink)) noteLinks.push(itemLink);
  const note = checked(command, gapNoteSchema, { ...before, links: noteLinks }) as Record<
    string,
    unknown
  >;

  transact(doc, command, () => {
    items.set(id, record(fields));
    if (current) writeFields(current, { links: note.links });
    else notes.set(gapId, record(note));
  });
  return id;
}
