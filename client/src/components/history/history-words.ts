import { DOCUMENT_ROOTS, documentRoot, splitKey } from '../../../../shared/doc/index.ts';
import type { RootArea } from '../../../../shared/doc/index.ts';
import { ROLE_WORDS, isRole } from '../../../../shared/policy/roles.ts';

/**
 * The History view's words and choices, as pure functions of what the server's history
 * answers and the names the live cycle knows: what an entry changed, who made it, which
 * changes can be restored on their own, and what a restore brought back.
 */

/** Who made a stored change: an invited person, or the server itself (import, next cycle). */
export interface HistoryWho {
  name: string;
  role: string | null;
  inviteId: string | null;
  /** What the server did it through, for its own changes (e.g. `import`). */
  via?: string | null;
}

/** One write of a stored change: root, key and field, set or delete. */
export interface HistoryChange {
  root: string;
  key: string | null;
  field: string | null;
  action: 'set' | 'delete';
}

/** One stored change of the cycle, as the server's history lists it. */
export interface HistoryEntry {
  seq: number;
  at: string;
  who: HistoryWho;
  connection: string | null;
  bytes: number;
  /** The writes (the server may list only the first ones: see `changeCount`). */
  changes: HistoryChange[];
  changeCount: number;
}

/** Names the live cycle knows: families, resources and records by collection, by id. */
export interface NameBook {
  /** The name of a record of a collection (`families`, `risks`...), undefined when unknown. */
  name(collection: string, id: string): string | undefined;
  /** A month as the page shows it: `Jun 2027`. */
  month(month: string): string;
}

/** What a root's records or values are called, one and many. */
const ROOT_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  meta: ['Cycle settings', 'cycle settings'],
  families: ['Family', 'families'],
  resources: ['Resource', 'resources'],
  loads: ['Load', 'loads'],
  adjustments: ['Demand adjustment', 'demand adjustments'],
  overrides: ['Consensus set by hand', 'consensus set by hand'],
  demandReview: ['Demand review setting', 'demand review settings'],
  historyMarks: ['Marked month of history', 'marked months of history'],
  snapshots: ['Frozen forecast', 'frozen forecasts'],
  demand: ['Demand', 'Demand'],
  supply: ['Supply', 'Supply'],
  budget: ['Budget', 'Budget'],
  capacity: ['Capacity', 'Capacity'],
  actual: ['Actuals', 'Actuals'],
  forecast: ['Forecast', 'Forecast'],
  settings: ['Plan settings', 'plan settings'],
  marginBudget: ['Margin budget', 'Margin budget'],
  plannedSupply: ['Planned supply', 'Planned supply'],
  plannedShipments: ['Planned shipments', 'Planned shipments'],
  actualsOrdered: ['Units ordered', 'Units ordered'],
  actualsShipped: ['Units shipped', 'Units shipped'],
  actualsShippedOnTime: ['Units shipped on time', 'Units shipped on time'],
  actualsOrders: ['Orders', 'Orders'],
  actualsOrdersOnTimeInFull: ['Orders on time in full', 'Orders on time in full'],
  actualsProduced: ['Units produced', 'Units produced'],
  actualsOnHand: ['On hand', 'On hand'],
  actualsBackorders: ['Backorders', 'Backorders'],
  actualsRevenueBudget: ['Revenue budget of an ended month', 'Revenue budget of ended months'],
  actualsMarginBudget: ['Margin budget of an ended month', 'Margin budget of ended months'],
  gapNotes: ['Gap note', 'gap notes'],
  risks: ['Risk', 'risks'],
  decisions: ['Decision', 'decisions'],
  actions: ['Action', 'actions'],
  npi: ['Product development item', 'product development items'],
  agenda: ['Agenda item', 'agenda items'],
  stages: ['Stage', 'stages'],
  signoffs: ['Sign-off', 'sign-offs'],
  attendance: ['Attendance', 'attendance records'],
  comments: ['Comment', 'comments'],
  inputs: ['Input status', 'input statuses'],
  prereadReads: ['Pre-read read', 'pre-read reads'],
  scenarios: ['Scenario', 'scenarios'],
  scenarioOverrides: ['Scenario override', 'scenario overrides'],
  revisions: ['Revision', 'revisions'],
  meeting: ['Meeting', 'meeting'],
  closure: ['Closing of the cycle', 'closing of the cycle'],
  previous: ['Previous cycle', 'previous cycle'],
  preread: ['Pre-read', 'pre-read'],
};

/** The areas a person can narrow the history to, with their words, in the nav's order. */
export const HISTORY_AREAS: readonly { area: RootArea; label: string }[] = [
  { area: 'plan', label: 'Plan numbers and setup' },
  { area: 'gapNotes', label: 'Gap notes' },
  { area: 'risks', label: 'Risks & opportunities' },
  { area: 'decisions', label: 'Decisions' },
  { area: 'actions', label: 'Actions' },
  { area: 'npi', label: 'Product development' },
  { area: 'agenda', label: 'Agenda' },
  { area: 'meeting', label: 'Meeting' },
  { area: 'stages', label: 'Stages' },
  { area: 'signoffs', label: 'Sign-offs' },
  { area: 'comments', label: 'Comments' },
  { area: 'scenarios', label: 'Scenarios' },
  { area: 'revisions', label: 'Revisions' },
  { area: 'cycle', label: "The cycle's life" },
];

/** The roots of an area (the plan is many; most areas are one collection). */
export function rootsOfArea(area: RootArea): string[] {
  return DOCUMENT_ROOTS.filter((root) => root.area === area).map((root) => root.name);
}

/** True when any write of the entry falls in `area`. */
export function touchesArea(entry: HistoryEntry, area: RootArea): boolean {
  return entry.changes.some((change) => documentRoot(change.root)?.area === area);
}

/** What the History view is narrowed to from a cell or a record: a root and a key. */
export interface HistoryTarget {
  root: string;
  key: string;
}

export { historyTarget } from '../../lib/history-target.ts';

/** Reads a route item made by {@link historyTarget}; null for none or one of no known root. */
export function parseHistoryTarget(item: string | null | undefined): HistoryTarget | null {
  if (!item) return null;
  const at = item.indexOf(':');
  if (at <= 0 || at === item.length - 1) return null;
  const root = item.slice(0, at);
  return documentRoot(root) ? { root, key: item.slice(at + 1) } : null;
}

/** True when the entry writes the target's cell or record. */
export function touchesTarget(entry: HistoryEntry, target: HistoryTarget): boolean {
  return entry.changes.some((change) => change.root === target.root && change.key === target.key);
}

/** The person and role in words: `Ed Editor · Editor`, or `Fulcrum server · import`. */
export function whoWords(who: HistoryWho): string {
  if (who.role && isRole(who.role)) return `${who.name} · ${ROLE_WORDS[who.role]}`;
  return who.via ? `${who.name} · ${who.via}` : who.name;
}

/** A record or value of a root in words: `Risk 'Resin shortage'`, `Demand · Garden hoses · Jun 2027`. */
export function targetWords(root: string, key: string | null, names: NameBook): string {
  const [one] = ROOT_WORDS[root] ?? [root, root];
  const kind = documentRoot(root)?.kind;
  if (key === null || kind === 'fields') return one;
  if (kind === 'cells') {
    const [id, month] = splitKey(key);
    return `${one} · ${names.name(ownerOf(root), id) ?? id} · ${names.month(month)}`;
  }
  if (kind === 'rows') {
    const grid = root.slice(0, -'Base'.length);
    return `${ROOT_WORDS[grid]?.[0] ?? grid} row of ${names.name(ownerOf(grid), key) ?? key}`;
  }
  if (root === 'loads') {
    const [family, resource] = splitKey(key);
    const familyName = names.name('families', family) ?? family;
    return `Load of ${familyName} on ${names.name('resources', resource) ?? resource}`;
  }
  const name = names.name(root, key);
  return name ? `${one} '${name}'` : `${one} ${key}`;
}

/** What one write did, in words: `Risk 'Resin shortage' archived`, `Demand · F1 · Jun 2027 set`. */
export function changeWords(change: HistoryChange, names: NameBook): string {
  const what = targetWords(change.root, change.key, names);
  const kind = documentRoot(change.root)?.kind;
  if (kind === 'cells' || kind === 'rows')
    return `${what} ${change.action === 'set' ? 'set' : 'cleared'}`;
  if (kind === 'fields' || change.key === null) {
    return change.field || change.key
      ? `${what}: ${change.key ?? change.field} ${change.action === 'set' ? 'changed' : 'removed'}`
      : `${what} changed`;
  }
  if (change.field === null) return `${what} ${change.action === 'set' ? 'added' : 'removed'}`;
  if (change.field === 'archived') {
    return `${what} ${change.action === 'set' ? 'archived' : 'brought back'}`;
  }
  return `${what}: ${change.field} ${change.action === 'set' ? 'changed' : 'cleared'}`;
}

/**
 * What an entry changed, in one line: the one change in words, or per root a count
 * ("12 cells of Supply", "3 risks changed"): the first two roots and how many more. When
 * the server listed only the first changes, it says so with the count of all of them.
 */
export function entryWords(entry: HistoryEntry, names: NameBook): string {
  const byRoot = new Map<string, HistoryChange[]>();
  for (const change of entry.changes) {
    const list = byRoot.get(change.root) ?? [];
    list.push(change);
    byRoot.set(change.root, list);
  }
  if (byRoot.size === 0) {
    return entry.changeCount > 0
      ? plural(entry.changeCount, 'change')
      : 'What it wrote is not itemised';
  }
  const unlisted = entry.changeCount > entry.changes.length;
  const parts = [...byRoot].map(([root, changes]) => rootWords(root, changes, names));
  const all = `(${plural(entry.changeCount, 'change')} in all)`;
  if (parts.length > 2) {
    const rest = unlisted ? `and more ${all}` : `and ${parts.length - 2} more`;
    return `${parts.slice(0, 2).join('; ')}; ${rest}`;
  }
  return unlisted ? `${parts.join('; ')} and more ${all}` : parts.join('; ');
}

/** The changes of one root in words: the change itself when alone, else a count. */
function rootWords(root: string, changes: HistoryChange[], names: NameBook): string {
  const kind = documentRoot(root)?.kind;
  const [one, many] = ROOT_WORDS[root] ?? [root, root];
  const keys = new Set(changes.map((change) => change.key));
  const single = keys.size === 1;
  if (kind === 'fields') return `${one} changed`;
  if (kind === 'cells') {
    return single
      ? targetWords(root, changes[0].key, names)
      : `${plural(keys.size, 'cell')} of ${many}`;
  }
  if (kind === 'rows') {
    const grid = root.slice(0, -'Base'.length);
    return single
      ? targetWords(root, changes[0].key, names)
      : `${plural(keys.size, 'row')} of ${ROOT_WORDS[grid]?.[1] ?? grid}`;
  }
  if (single) {
    const whole = changes.find((change) => change.field === null);
    const fields = [...new Set(changes.map((change) => change.field))];
    if (whole || fields.length === 1) return changeWords(whole ?? changes[0], names);
    return `${targetWords(root, changes[0].key, names)}: ${fields.join(', ')} changed`;
  }
  return `${formatCount(keys.size)} ${many} changed`;
}

/** What a change line can restore on its own: one cell, one record, or nothing. */
export type Restorable =
  | { kind: 'cell'; grid: string; id: string; month: string }
  | { kind: 'record'; collection: string; id: string }
  | null;

/** The cell or record one change wrote, when it can be restored on its own. */
export function restorableOf(change: HistoryChange): Restorable {
  const kind = documentRoot(change.root)?.kind;
  if (change.key === null) return null;
  if (kind === 'cells') {
    const [id, month] = splitKey(change.key);
    return { kind: 'cell', grid: change.root, id, month };
  }
  if (kind === 'collection' && change.root !== 'revisions') {
    return { kind: 'record', collection: change.root, id: change.key };
  }
  return null;
}

/** The distinct cells and records an entry's changes can restore one by one, in order. */
export function restorableChanges(
  entry: HistoryEntry,
): { change: HistoryChange; target: NonNullable<Restorable> }[] {
  const seen = new Set<string>();
  const list: { change: HistoryChange; target: NonNullable<Restorable> }[] = [];
  for (const change of entry.changes) {
    const target = restorableOf(change);
    if (!target) continue;
    const key = `${change.root}:${change.key}`;
    if (seen.has(key)) continue;
    seen.add(key);
    list.push({ change, target });
  }
  return list;
}

/**
 * What a restore brought back, in words: "Restored 1,204 cells and 17 records to 5 Dec
 * 10:42." (`when` is the point restored to, as the page shows it); what it left as it
 * is follows.
 */
export function restoredWords(
  summary: { cells: number; records: number; kept: readonly string[] },
  when: string,
): string {
  const parts = [
    summary.cells > 0 ? plural(summary.cells, 'cell') : null,
    summary.records > 0 ? plural(summary.records, 'record') : null,
  ].filter((part) => part !== null);
  const done =
    parts.length === 0
      ? `Nothing to restore: it already reads as it did on ${when}.`
      : `Restored ${parts.join(' and ')} to ${when}.`;
  return [done, ...summary.kept].join(' ');
}

/** `1 cell`, `1,204 cells`. */
function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${count === 1 ? noun : `${noun}s`}`;
}

/** A count with thousands separators: `1,204`. */
function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** The collection that names a grid's rows: resources for capacity, families for the rest. */
function ownerOf(grid: string): string {
  return grid === 'capacity' ? 'resources' : 'families';
}
