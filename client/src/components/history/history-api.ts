import {
  readRecords,
  WORK_SCHEMAS,
  type CycleDoc,
  type RootArea,
  type WorkCollection,
} from '../../../../shared/doc/index.ts';
import type { Plan } from '../../../../shared/engine/index.ts';
import {
  rootsOfArea,
  type HistoryEntry,
  type HistoryTarget,
  type NameBook,
} from './history-words.ts';

/**
 * The History view's questions to the server and reading its answers: the query of one
 * page of the cycle's history, the answer checked, and the names the live cycle gives
 * the ids the history speaks of.
 */

/** How many entries one page of the history asks for. */
export const HISTORY_PAGE = 50;

/** What the person narrowed the history to; empty strings for "any". */
export interface HistoryFilters {
  who: string;
  area: RootArea | '';
  /** A day `YYYY-MM-DD` (UTC): changes from its start. */
  since: string;
  /** A day `YYYY-MM-DD` (UTC): changes up to its end. */
  until: string;
}

/** The query of one page of the history (see the server's history route). */
export function historyQuery(
  filters: HistoryFilters,
  target: HistoryTarget | null,
  before: number | null,
): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.since) query.set('since', `${filters.since}T00:00:00.000Z`);
  if (filters.until) query.set('until', `${filters.until}T23:59:59.999Z`);
  if (filters.who) query.set('who', filters.who);
  const roots = target ? [target.root] : filters.area ? rootsOfArea(filters.area) : [];
  if (roots.length === 1) query.set('root', roots[0]);
  query.set('limit', String(HISTORY_PAGE));
  if (before !== null) query.set('before', String(before));
  return query;
}

/** Reads the server's answer; null when it is not a history. */
export function readHistoryAnswer(body: unknown): HistoryEntry[] | null {
  if (!body || typeof body !== 'object') return null;
  const entries = (body as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) return null;
  const valid = entries.every(
    (entry: Partial<HistoryEntry>) =>
      typeof entry?.seq === 'number' &&
      typeof entry.at === 'string' &&
      typeof entry.who?.name === 'string' &&
      Array.isArray(entry.changes),
  );
  return valid
    ? (entries as HistoryEntry[]).map((entry) => ({
        ...entry,
        changeCount:
          typeof entry.changeCount === 'number' ? entry.changeCount : entry.changes.length,
      }))
    : null;
}

/** The people of `entries` added to those seen before, sorted. */
export function peopleSeen(before: readonly string[], entries: readonly HistoryEntry[]): string[] {
  return [...new Set([...before, ...entries.map((entry) => entry.who.name)])].sort();
}

/** The time now, as ISO text. */
export function nowText(): string {
  return new Date().toISOString();
}

/**
 * The names of the live cycle's families, resources and records (archived ones too),
 * read on first use, and months through `month`.
 */
export function nameBook(
  doc: CycleDoc,
  plan: Plan | null,
  month: (month: string) => string,
): NameBook {
  const families = new Map(plan?.families.map((family) => [family.id, family.name]));
  const resources = new Map(plan?.resources.map((resource) => [resource.id, resource.name]));
  const titles = new Map<string, Map<string, string>>();
  return {
    month: (value) => (/^\d{4}-\d{2}$/.test(value) ? month(value) : value),
    name: (collection, id) => {
      if (collection === 'families') return families.get(id);
      if (collection === 'resources') return resources.get(id);
      let known = titles.get(collection);
      if (!known) titles.set(collection, (known = recordTitles(doc, collection)));
      return known.get(id);
    },
  };
}

/** A work record's fields as they read now (archived ones too), by collection and id. */
export function liveRecord(
  doc: CycleDoc,
  collection: string,
  id: string,
): Record<string, unknown> | undefined {
  if (!(collection in WORK_SCHEMAS)) return undefined;
  const name = collection as WorkCollection;
  for (const archived of [false, true]) {
    const found = readRecords(doc, name, { archived }).records.find((record) => record.id === id);
    if (found) return found as Record<string, unknown>;
  }
  return undefined;
}

/** The title field of each collection's records, as lists show them. */
const TITLE_FIELDS: Partial<Record<WorkCollection, string>> = {
  risks: 'title',
  decisions: 'question',
  actions: 'title',
  npi: 'name',
  agenda: 'title',
  scenarios: 'name',
  comments: 'text',
};

/** The titles of a collection's records, archived ones too, by id. */
function recordTitles(doc: CycleDoc, collection: string): Map<string, string> {
  const field = TITLE_FIELDS[collection as WorkCollection];
  const titles = new Map<string, string>();
  if (!field) return titles;
  const name = collection as WorkCollection;
  for (const archived of [false, true]) {
    for (const record of readRecords(doc, name, { archived }).records) {
      const title = (record as Record<string, unknown>)[field];
      if (typeof title === 'string')
        titles.set(record.id, title.length > 60 ? `${title.slice(0, 57)}…` : title);
    }
  }
  return titles;
}
