import type {
  AuthoredChange,
  Authorship,
  CatchUpStart,
  SeenProjection,
} from '../../../shared/catchup/index.ts';
import type * as CatchUpLib from '../../../shared/catchup/index.ts';
import { docFromUpdates, docToPlan, readCatchUpRecords } from '../../../shared/doc/index.ts';
import { reconcile } from '../../../shared/engine/index.ts';
import type { CycleSession } from './cycle-session.svelte.ts';

/**
 * What the catch-up asks the server: the cycle as it was where a person's catch-up
 * starts (the meeting's start, or the cycle as the server created it), and who made the
 * changes since (the cycle's history). Both are read with the person's invite; either
 * fails offline, and the catch-up says so.
 */

/** The cycle's HTTP base: `/api/workspaces/<w>/cycles/<c>`. */
function base(session: CycleSession): string {
  return `/api/workspaces/${encodeURIComponent(session.invite.workspace)}/cycles/${encodeURIComponent(session.cycle)}`;
}

async function ask(session: CycleSession, path: string): Promise<Response> {
  const response = await fetch(`${base(session)}${path}`, {
    headers: { Authorization: `Bearer ${session.invite.token}` },
  });
  if (!response.ok) {
    const said = ((await response.json().catch(() => null)) as { error?: unknown } | null)?.error;
    throw new Error(typeof said === 'string' ? said : `the server answered ${response.status}`);
  }
  return response;
}

/**
 * The projection of the cycle as it was at `start` (never `lastVisit`): right after the
 * last change stored at or before the meeting's start, or after the cycle's first change
 * (its creation). A cycle with no change before the start projects as empty.
 */
export async function pastProjection(
  session: CycleSession,
  lib: typeof CatchUpLib,
  start: Exclude<CatchUpStart, { from: 'lastVisit' }>,
): Promise<SeenProjection> {
  // The last change at or before the meeting's start; the cycle's first change (seq 1).
  const query =
    start.from === 'meeting'
      ? new URLSearchParams({ until: start.at, limit: '1' })
      : new URLSearchParams({ before: '2', limit: '1' });
  const answer = (await (await ask(session, `/history?${query}`)).json()) as {
    entries?: { seq?: unknown; at?: unknown }[];
  };
  const found = answer.entries?.[0];
  const seq = typeof found?.seq === 'number' ? found.seq : null;
  const at = start.from === 'meeting' ? start.at : typeof found?.at === 'string' ? found.at : null;
  const doc =
    seq === null
      ? docFromUpdates([])
      : docFromUpdates([
          new Uint8Array(await (await ask(session, `/history/${seq}/state`)).arrayBuffer()),
        ]);
  const plan = docToPlan(doc);
  let result: ReturnType<typeof reconcile> | null;
  try {
    result = plan.families.length > 0 ? reconcile(plan) : null;
  } catch {
    result = null;
  }
  const projection = lib.projectSeen({ ...readCatchUpRecords(doc), result }, new Date(0));
  return { ...projection, at: at ?? projection.at, from: start.from };
}

/** Who made each change since `since` (ISO time), from the cycle's history (its latest 500). */
export async function authorsSince(
  session: CycleSession,
  lib: typeof CatchUpLib,
  since: string | null,
): Promise<Map<string, Authorship>> {
  const query = new URLSearchParams({ limit: '500' });
  if (since) query.set('since', since);
  const answer = (await (await ask(session, `/history?${query}`)).json()) as {
    entries?: unknown;
  };
  const entries = Array.isArray(answer.entries) ? (answer.entries as AuthoredChange[]) : [];
  return lib.authorsFromHistory(
    entries.filter(
      (entry) =>
        typeof entry?.at === 'string' &&
        typeof entry.who?.name === 'string' &&
        Array.isArray(entry.changes),
    ),
  );
}

/** No one known yet. */
export const NO_AUTHORS: ReadonlyMap<string, Authorship> = new Map();

/**
 * Who and when as the records themselves say, keyed `kind|id`: the closer of each
 * agenda item's outcome, and the author of each record's latest revision (a changed
 * decision says who changed it).
 */
export function recordFacts(
  agenda: readonly { id: string; outcome?: { by: string; at: string } }[],
  revisions: readonly { target: string; record: string; by: string; at: string }[],
): Map<string, Authorship> {
  const facts = new Map<string, Authorship>();
  const note = (key: string, found: Authorship) => {
    const known = facts.get(key);
    if (!known || found.at > known.at) facts.set(key, found);
  };
  for (const item of agenda) {
    if (item.outcome) note(`agenda|${item.id}`, { by: item.outcome.by, at: item.outcome.at });
  }
  for (const revision of revisions) {
    const kind = revision.target === 'decisions' ? 'decision' : 'agenda';
    note(`${kind}|${revision.record}`, { by: revision.by, at: revision.at });
  }
  return facts;
}
