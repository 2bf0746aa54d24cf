import * as v from 'valibot';
import * as Y from 'yjs';
import {
  REVISABLE,
  revisionSchema,
  type Revision,
  type RevisableCollection,
} from '../schema/records.ts';
import { collection } from './layout.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** A revision with its id. */
export type RevisionEntry = Revision & { id: string };

/** One version of a revised record: the fields it had, and the revision that made it (none for the first). */
export interface RecordVersion {
  fields: Record<string, unknown>;
  revision: RevisionEntry | null;
}

/** True for a collection whose records are revised rather than changed. */
export function isRevisable(name: string): name is RevisableCollection {
  return name in REVISABLE;
}

/**
 * The valid revisions of a collection's records, by record id, in the order they apply:
 * by time, then by id, so every peer applies them alike.
 */
export function revisionsByRecord(
  doc: CycleDoc,
  target: RevisableCollection,
): Map<string, RevisionEntry[]> {
  const byRecord = new Map<string, RevisionEntry[]>();
  for (const [id, record] of collection(doc, 'revisions').entries()) {
    if (!(record instanceof Y.Map) || record.get('target') !== target) continue;
    const parsed = v.safeParse(revisionSchema, record.toJSON());
    if (!parsed.success) continue;
    const list = byRecord.get(parsed.output.record) ?? [];
    list.push({ ...parsed.output, id });
    byRecord.set(parsed.output.record, list);
  }
  for (const list of byRecord.values()) {
    list.sort((a, b) => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.id < b.id ? -1 : 1));
  }
  return byRecord;
}

/**
 * Applies revisions, in order, to a record's first fields: each sets its fields and
 * clears those it names. A revision that would leave the record invalid is skipped
 * (it came from an older or hostile page). Returns the fields now and every version,
 * the first one included.
 */
export function revisedFields(
  target: RevisableCollection,
  first: unknown,
  revisions: readonly RevisionEntry[],
): { fields: unknown; versions: RecordVersion[] } {
  if (typeof first !== 'object' || first === null) return { fields: first, versions: [] };
  let fields = { ...(first as Record<string, unknown>) };
  const versions: RecordVersion[] = [{ fields, revision: null }];
  for (const revision of revisions) {
    const next: Record<string, unknown> = { ...fields, ...revision.fields };
    for (const name of revision.cleared ?? []) delete next[name];
    if (!v.is(REVISABLE[target], next)) continue;
    fields = next;
    versions.push({ fields, revision });
  }
  return { fields, versions };
}
