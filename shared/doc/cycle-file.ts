import canonicalize from 'canonicalize';
import * as v from 'valibot';
import * as Y from 'yjs';
import { formatPlanIssue, parsePlan, type Plan } from '../engine/index.ts';
import { ACTUAL_FIELDS, type ActualMonth } from '../engine/types.ts';
import { actualsGrid } from '../schema/grids.ts';
import { cellNumberSchema } from '../schema/root-values.ts';
import {
  baseRows,
  collection,
  DOCUMENT_ROOTS,
  meetingMap,
  metaMap,
  prereadMap,
  previousMap,
  transact,
  WORK_COLLECTIONS,
  type WorkCollectionName,
} from './layout.ts';
import { readClosure, type Closure } from './closure.ts';
import { importPlan, record } from './plan-commands.ts';
import { readPlan } from './plan-projection.ts';
import { readPreread, type Preread } from './preparation-commands.ts';
import { hasPlan, WORK_SCHEMAS, type WorkCollection } from './reading.ts';
import { commandError } from '../schema/command-error.ts';
import { freezePlan, readFrozenPlan } from './frozen-plan.ts';
import { rowNumbers, writeRow } from './grid-rows.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** The `format` of a cycle file. */
export const CYCLE_FORMAT = 'fulcrum.cycle';
/** The version of the cycle file format this code writes and reads. */
export const CYCLE_VERSION = 1;

/** The plan of the cycle before, as a closed cycle handed it on. */
export interface PreviousCycle {
  cycle: string;
  /** The closed cycle's content hash, `sha256:<hex>`. */
  hash: string;
  plan: Plan;
}

/**
 * A whole cycle as one JSON file: its inputs (the plan file, format v2, and what
 * happened in the horizon's first month as it ended, which a plan file cannot hold), every work
 * item (agenda notes as text), the meeting state, the plan of the cycle before it and,
 * for a closed cycle, how it was closed. The open, long-lived format of a cycle: it
 * imports again into an empty cycle of any workspace.
 */
export interface CycleFile {
  format: typeof CYCLE_FORMAT;
  version: typeof CYCLE_VERSION;
  title: string;
  plan: Plan;
  /**
   * What happened in the plan's first month, per family, recorded as it ended (the plan
   * file keeps actuals of ended months only); the roll-over opens the next cycle from it.
   */
  endingActuals?: Record<string, ActualMonth>;
  /** Records by collection, then id: their fields as stored (agenda `notes` as text). */
  work: Record<string, Record<string, Record<string, unknown>>>;
  meeting: Record<string, unknown>;
  previous?: PreviousCycle;
  /** The pre-read as the facilitator published it, when one was. */
  preread?: Preread;
  closure?: Closure;
}

/** The previous cycle's plan as this cycle keeps it, or null (a first cycle, an import). */
export function readPrevious(doc: CycleDoc): PreviousCycle | null {
  const map = previousMap(doc);
  const cycle = map.get('cycle');
  const hash = map.get('hash');
  const plan = readFrozenPlan(map.get('plan'));
  if (typeof cycle !== 'string' || plan === null) return null;
  return { cycle, hash: typeof hash === 'string' ? hash : '', plan };
}

/**
 * The cycle as a cycle file. Work records that fail their schema (written by a client
 * that skipped the checks) are left out, as every view leaves them out.
 */
export function exportCycle(doc: CycleDoc): CycleFile {
  const work: CycleFile['work'] = {};
  for (const name of FILE_WORK_COLLECTIONS) {
    const records: Record<string, Record<string, unknown>> = {};
    for (const id of [...collection(doc, name).keys()].sort()) {
      const fields = plainRecord(collection(doc, name).get(id));
      if (fields && isValidRecord(name, fields)) records[id] = fields;
    }
    work[name] = records;
  }
  const previous = readPrevious(doc);
  const closure = readClosure(doc);
  const preread = readPreread(doc);
  const { plan, endingActuals } = readPlan(doc);
  return {
    format: CYCLE_FORMAT,
    version: CYCLE_VERSION,
    title: String(metaMap(doc).get('title') ?? ''),
    plan,
    ...(endingActuals && { endingActuals }),
    work,
    meeting: meetingMap(doc).toJSON(),
    ...(previous && { previous }),
    ...(preread && { preread }),
    ...(closure && { closure }),
  };
}

/** The work collections a cycle file carries, as the registry lists them. */
const FILE_WORK_COLLECTIONS = WORK_COLLECTIONS.filter(
  (name) => DOCUMENT_ROOTS.find((root) => root.name === name)?.isInCycleFile,
);

/**
 * What a closed cycle's hash covers: the cycle file without its closure, as canonical
 * JSON (RFC 8785), so every peer with the same document gets the same text.
 */
export function cycleContent(doc: CycleDoc): string {
  const content: Partial<CycleFile> = exportCycle(doc);
  delete content.closure;
  return canonicalize(content) ?? '';
}

/** `sha256:<hex>` of a text (Web Crypto: the same in the browser and the server). */
export async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `sha256:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The content hash of a cycle (see {@link cycleContent}). */
export function cycleHash(doc: CycleDoc): Promise<string> {
  return sha256(cycleContent(doc));
}

const cycleFileShape = v.looseObject({
  format: v.literal(CYCLE_FORMAT, `must be "${CYCLE_FORMAT}"`),
  version: v.literal(CYCLE_VERSION, `must be ${CYCLE_VERSION}: this Fulcrum reads version 1`),
  title: v.pipe(v.string(), v.maxLength(200)),
  plan: v.unknown(),
  endingActuals: v.optional(
    v.record(
      v.string(),
      v.strictObject(
        Object.fromEntries(ACTUAL_FIELDS.map((field) => [field, v.optional(cellNumberSchema)])),
      ),
    ),
  ),
  work: v.record(v.string(), v.record(v.string(), v.record(v.string(), v.unknown()))),
  meeting: v.optional(v.record(v.string(), v.unknown())),
  previous: v.optional(v.strictObject({ cycle: v.string(), hash: v.string(), plan: v.unknown() })),
  preread: v.optional(
    v.strictObject({
      publishedAt: v.pipe(v.string(), v.isoTimestamp('must be an ISO time')),
      publishedBy: v.string(),
      plan: v.unknown(),
    }),
  ),
  closure: v.optional(v.unknown()),
});

/** The problems of a cycle file, one line each naming its JSON path; empty when it is valid. */
export function checkCycleFile(input: unknown): string[] {
  const shape = v.safeParse(cycleFileShape, input);
  if (!shape.success) {
    return shape.issues.map((issue) => `${v.getDotPath(issue) ?? '(file)'}: ${issue.message}`);
  }
  const file = shape.output;
  const problems: string[] = [];
  const plan = parsePlan(file.plan);
  if (!plan.ok) problems.push(...plan.issues.map((issue) => `plan.${formatPlanIssue(issue)}`));
  else {
    const families = new Set(plan.plan.families.map((family) => family.id));
    for (const family of Object.keys(file.endingActuals ?? {})) {
      if (!families.has(family)) problems.push(`endingActuals.${family}: unknown family`);
    }
  }
  if (file.previous) {
    const previous = parsePlan(file.previous.plan);
    if (!previous.ok) {
      problems.push(...previous.issues.map((issue) => `previous.plan.${formatPlanIssue(issue)}`));
    }
  }
  if (file.preread) {
    const preread = parsePlan(file.preread.plan);
    if (!preread.ok) {
      problems.push(...preread.issues.map((issue) => `preread.plan.${formatPlanIssue(issue)}`));
    }
  }
  for (const [name, records] of Object.entries(file.work)) {
    if (!(WORK_COLLECTIONS as readonly string[]).includes(name)) {
      problems.push(`work.${name}: not a collection of a cycle`);
      continue;
    }
    for (const [id, fields] of Object.entries(records)) {
      const problem = recordProblem(name as WorkCollectionName, fields);
      if (problem) problems.push(`work.${name}.${id}: ${problem}`);
    }
  }
  return problems;
}

/**
 * Writes a cycle file into an empty cycle document, in one transaction. The file's
 * closure is not copied: an imported cycle starts open (its hash stays in the file).
 * Throws, writing nothing, when the file is invalid or the cycle already holds a plan.
 */
export function importCycle(doc: CycleDoc, input: unknown): void {
  const problems = checkCycleFile(input);
  if (problems.length > 0) throw commandError('importCycle', problems.join('; '));
  if (hasPlan(doc)) {
    throw commandError('importCycle', 'this cycle already holds a plan; import into a new cycle');
  }
  const file = input as CycleFile;
  transact(doc, 'importCycle', () => {
    importPlan(doc, file.plan, file.title || undefined);
    const first = (file.plan.periods as string[])[0];
    for (const [family, entry] of Object.entries(file.endingActuals ?? {})) {
      for (const field of ACTUAL_FIELDS) {
        const value = entry[field];
        if (value === undefined) continue;
        const rows = baseRows(doc, actualsGrid(field));
        writeRow(rows, family, { ...rowNumbers(rows.get(family)), [first]: value });
      }
    }
    for (const [name, records] of Object.entries(file.work)) {
      const target = collection(doc, name as WorkCollectionName);
      for (const [id, fields] of Object.entries(records)) {
        const { notes, ...rest } = fields;
        const item = record(rest);
        if (name === 'agenda')
          item.set('notes', new Y.Text(typeof notes === 'string' ? notes : ''));
        target.set(id, item);
      }
    }
    const meeting = meetingMap(doc);
    for (const [key, value] of Object.entries(file.meeting ?? {})) meeting.set(key, value);
    if (file.previous) {
      const previous = previousMap(doc);
      previous.set('cycle', file.previous.cycle);
      previous.set('hash', file.previous.hash);
      previous.set('plan', freezePlan(file.previous.plan));
    }
    if (file.preread) {
      const preread = prereadMap(doc);
      preread.set('publishedAt', file.preread.publishedAt);
      preread.set('publishedBy', file.preread.publishedBy);
      preread.set('plan', freezePlan(file.preread.plan));
    }
  });
}

function plainRecord(value: unknown): Record<string, unknown> | null {
  if (!(value instanceof Y.Map)) return null;
  const fields: Record<string, unknown> = {};
  for (const [key, field] of value.entries()) {
    fields[key] = field instanceof Y.Text ? field.toString() : field;
  }
  return fields;
}

function isValidRecord(name: WorkCollectionName, fields: Record<string, unknown>) {
  return recordProblem(name, fields) === null;
}

/** Why a record cannot be part of a cycle, or null. Agenda notes are text beside the fields. */
function recordProblem(name: WorkCollectionName, fields: Record<string, unknown>): string | null {
  if (name === 'signoffs') {
    return typeof fields.by === 'string' && typeof fields.at === 'string'
      ? null
      : 'a sign-off needs "by" and "at" texts';
  }
  const { notes, ...rest } = fields;
  if (name === 'agenda' && notes !== undefined && typeof notes !== 'string') {
    return 'notes must be text';
  }
  const parsed = v.safeParse(
    WORK_SCHEMAS[name as WorkCollection],
    name === 'agenda' ? rest : fields,
  );
  if (parsed.success) return null;
  const issue = parsed.issues[0];
  return `${v.getDotPath(issue) ?? ''}${v.getDotPath(issue) ? ': ' : ''}${issue.message}`;
}
