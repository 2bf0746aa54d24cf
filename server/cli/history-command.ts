import { existsSync } from 'node:fs';
import {
  historyEntryJson,
  MAX_HISTORY_LIMIT,
  type HistoryChange,
  type HistoryEntry,
  type HistoryStore,
} from '../storage/history.ts';
import { PostgresStorage } from '../storage/postgres-storage.ts';
import { SqliteCatalog } from '../storage/sqlite-catalog.ts';
import { PostgresCatalog } from '../storage/postgres-catalog.ts';
import { SqliteStorage } from '../storage/sqlite-storage.ts';
import { docFromUpdates, docToPlan } from '../../shared/doc/index.ts';
import { expectPositionals, parseArgs } from './args.ts';
import { InputError } from './cli-error.ts';
import { table } from './format.ts';
import { dataFolder, parseRoom } from './room-doc.ts';
import { storeTarget } from './store-target.ts';
import { HISTORY_OPTIONS, HISTORY_USAGE } from './usage.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Places shown per change in the table; the rest are counted. */
const SHOWN_PLACES = 2;

/**
 * `fulcrum history <workspace>/<cycle> [--since <date>] [--who <name>] [--json]`: every
 * kept change of a cycle, newest first, read from the store as the server keeps it
 * (SQLite in `DATA_DIR`, or PostgreSQL at `DATABASE_URL`; safe beside a running
 * server): when, who, their role and what changed, as a table or one JSON object a line
 * (the history API's entries).
 */
export async function historyCommand(args: readonly string[], env: Env): Promise<string> {
  const parsed = parseArgs('history', args, { since: 'value', who: 'value', json: 'flag' });
  if (parsed.help) return `Usage: ${HISTORY_USAGE}\n${HISTORY_OPTIONS}`;
  const [roomText] = expectPositionals('history', parsed, ['<workspace>/<cycle>'], HISTORY_USAGE);
  const address = parseRoom(roomText, HISTORY_USAGE);
  const since = sinceOf(parsed.values.get('since'));
  const who = parsed.values.get('who');
  const { store, close, hasCycle } = await openHistory(env);
  const entries: HistoryEntry[] = [];
  let names = new Map<string, string>();
  try {
    if (!(await hasCycle(address.workspace, address.cycle))) {
      throw new InputError(
        `fulcrum history: there is no cycle ${address.cycle} in workspace ${address.workspace} (${storeTarget(env).description})`,
      );
    }
    // Pages of the store's largest read, newest first, until a page is not full.
    let before: number | undefined;
    for (;;) {
      const page = await store.history(address.room, {
        since,
        who,
        before,
        limit: MAX_HISTORY_LIMIT,
      });
      entries.push(...page);
      if (page.length < MAX_HISTORY_LIMIT) break;
      before = page.at(-1)!.seq;
    }
    if (!parsed.flags.has('json')) names = await namesOf(store, address.room);
  } finally {
    await close();
  }
  if (parsed.flags.has('json')) {
    return entries.map((entry) => `${JSON.stringify(historyEntryJson(entry))}\n`).join('');
  }
  if (entries.length === 0) {
    return `No changes of ${address.room}${who ? ` by ${who}` : ''}${since ? ` since ${since}` : ''} are kept.\n`;
  }
  const rows = entries.map((entry) => [
    String(entry.seq),
    `${entry.at.slice(0, 10)} ${entry.at.slice(11, 19)}`,
    entry.author.name,
    entry.author.role ?? (entry.author.via ? `server (${entry.author.via})` : 'server'),
    whatChanged(entry, names),
  ]);
  const lines = table(
    [
      { header: '#', align: 'right' },
      { header: 'time (UTC)' },
      { header: 'who' },
      { header: 'role' },
      { header: 'what changed' },
    ],
    rows,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `demand Garden hoses|2027-06, risks r-1 (+3 more)`: the first places, then a count. A
 * cell's family or resource id reads as its name when `names` knows it.
 */
export function whatChanged(entry: HistoryEntry, names = new Map<string, string>()): string {
  if (entry.changeCount === 0) return '(not recorded)';
  const shown = entry.changes.slice(0, SHOWN_PLACES).map((change) => placeText(change, names));
  const more = entry.changeCount - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`;
}

function placeText(change: HistoryChange, names: Map<string, string>): string {
  const key = change.key === null ? null : cellKeyText(change.key, names);
  const where = [change.root, key, change.field].filter((part) => part !== null).join(' ');
  return change.action === 'delete' ? `${where} removed` : where;
}

/** A cell's key `<id>|<month>` with the id's name when known: `Garden hoses|2027-06`. */
function cellKeyText(key: string, names: Map<string, string>): string {
  const bar = key.indexOf('|');
  const name = bar > 0 ? names.get(key.slice(0, bar)) : undefined;
  return name === undefined ? key : `${name}${key.slice(bar)}`;
}

/**
 * The names of the cycle's families and resources by id, as its document holds them now;
 * none when the room does not read as a plan (the table then shows ids).
 */
async function namesOf(store: HistoryStore, room: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    const doc = docFromUpdates((await store.load(room)).updates);
    try {
      const plan = docToPlan(doc);
      for (const item of [...plan.families, ...plan.resources]) names.set(item.id, item.name);
    } finally {
      doc.destroy();
    }
  } catch {
    // Ids are still exact: the names only make the table easier to read.
  }
  return names;
}

/** `--since`: a day (`2026-12-01`, from midnight UTC) or an ISO time, as a stored time. */
function sinceOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InputError(
      `fulcrum history: --since must be a day (2026-12-01) or an ISO time (2026-12-01T09:30:00Z), got "${text}"`,
    );
  }
  return new Date(ms).toISOString();
}

/** The store and its cycle index, as the server chooses them. */
async function openHistory(env: Env): Promise<{
  store: HistoryStore;
  hasCycle(workspace: string, cycle: string): Promise<boolean>;
  close(): Promise<void>;
}> {
  const target = storeTarget(env);
  if (target.file !== null) {
    if (!existsSync(target.file)) {
      throw new InputError(
        `fulcrum history: no Fulcrum data in ${dataFolder(env)} (no ${target.file}); set DATA_DIR to the server's data folder, or DATABASE_URL`,
      );
    }
    const store = new SqliteStorage(target.file);
    const catalog = new SqliteCatalog(target.file);
    return {
      store,
      hasCycle: async (workspace, cycle) =>
        (await catalog.cycle(workspace, cycle)) !== null ||
        (await store.rooms(`${workspace}/${cycle}`)).includes(`${workspace}/${cycle}`),
      close: async () => {
        await catalog.close();
        await store.close();
      },
    };
  }
  const store = await PostgresStorage.open(target.url!);
  const catalog = await PostgresCatalog.open(target.url!).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  return {
    store,
    hasCycle: async (workspace, cycle) =>
      (await catalog.cycle(workspace, cycle)) !== null ||
      (await store.rooms(`${workspace}/${cycle}`)).includes(`${workspace}/${cycle}`),
    close: async () => {
      await catalog.close();
      await store.close();
    },
  };
}
