import { Hono, type Context } from 'hono';
import {
  historyEntryJson,
  isHistoryStore,
  MAX_HISTORY_LIMIT,
  type HistoryQuery,
} from '../storage/history.ts';
import { retentionWords } from '../storage/history-retention.ts';
import type { Relay } from '../sync/relay.ts';
import { checkBearer } from './bearer.ts';

class BadParameter extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A time parameter: an ISO date (`2026-12-01`, midnight UTC) or time; as a stored time
 * (ISO, UTC, milliseconds) so it compares with entries' times as text.
 */
function timeParam(c: Context, name: string): string | undefined {
  const text = c.req.query(name);
  if (text === undefined || text === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new BadParameter(
      name,
      `${name} must be an ISO date or time (2026-12-01 or 2026-12-01T09:30:00Z), got "${text}"`,
    );
  }
  return new Date(ms).toISOString();
}

function wholeParam(c: Context, name: string, min: number, max: number): number | undefined {
  const text = c.req.query(name);
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new BadParameter(
      name,
      `${name} must be a whole number from ${min} to ${max}, got "${text}"`,
    );
  }
  return value;
}

function textParam(c: Context, name: string): string | undefined {
  const text = c.req.query(name);
  if (text === undefined || text === '') return undefined;
  if (text.length > 200)
    throw new BadParameter(name, `${name} is too long (at most 200 characters)`);
  return text;
}

/**
 * History over HTTP, with `Authorization: Bearer <invite token>` of the workspace (any
 * role may read it):
 * - `GET /api/workspaces/<w>/cycles/<cycle>/history?since=&until=&who=&root=&limit=&before=`:
 *   `{ cycle, entries }`, newest first: each stored change with who made it (a person's
 *   name, role and invite id, or the server with `via`), when, through which connection,
 *   its size and the places it touched. `before=<seq>` pages backwards. 400 names a bad
 *   parameter.
 * - `GET .../history/<seq>/state`: the cycle's document right after change `seq` as one
 *   Yjs update (`application/octet-stream`); `?before=1` right before it. 404 for a
 *   change outside the kept window, saying so.
 * 401 without a valid, unrevoked token, 403 for another workspace, 404 for a cycle the
 * server never created. Restoring is a normal change the page writes, not an endpoint.
 */
export function createHistoryRoutes(relay: Relay, secret: string, retentionDays: number): Hono {
  const routes = new Hono();

  /** The cycle's room once the token and the cycle are checked, or the answer to give. */
  async function roomOf(c: Context): Promise<{ room: string; cycle: string } | Response> {
    c.header('Cache-Control', 'no-store');
    const bearer = checkBearer(c, secret, (id) => relay.isRevoked(id));
    if (!bearer.ok) return bearer.response;
    const workspace = c.req.param('workspace') ?? '';
    const cycle = c.req.param('cycle') ?? '';
    if (bearer.invite.workspace !== workspace) {
      return c.json({ error: 'Forbidden: the invite is for another workspace.' }, 403);
    }
    const admission = await relay.admit({
      workspace,
      cycle,
      token: bearer.token,
      origin: null,
      host: null,
    });
    if (!admission.ok) {
      return admission.code === 4404
        ? c.json({ error: `There is no cycle ${cycle} in this workspace.` }, 404)
        : c.json({ error: admission.reason }, 403);
    }
    return { room: admission.room, cycle };
  }

  routes.get('/:workspace/cycles/:cycle/history', async (c) => {
    const found = await roomOf(c);
    if (found instanceof Response) return found;
    let query: HistoryQuery;
    try {
      query = {
        since: timeParam(c, 'since'),
        until: timeParam(c, 'until'),
        who: textParam(c, 'who'),
        root: textParam(c, 'root'),
        limit: wholeParam(c, 'limit', 1, MAX_HISTORY_LIMIT),
        before: wholeParam(c, 'before', 1, Number.MAX_SAFE_INTEGER),
      };
    } catch (error) {
      if (!(error instanceof BadParameter)) throw error;
      return c.json({ error: error.message, parameter: error.parameter }, 400);
    }
    const storage = relay.storage;
    const entries = isHistoryStore(storage) ? await storage.history(found.room, query) : [];
    return c.json({ cycle: found.cycle, entries: entries.map(historyEntryJson) });
  });

  routes.get('/:workspace/cycles/:cycle/history/:seq/state', async (c) => {
    const found = await roomOf(c);
    if (found instanceof Response) return found;
    const text = c.req.param('seq') ?? '';
    const seq = Number(text);
    if (!/^\d+$/.test(text) || seq < 1 || !Number.isSafeInteger(seq)) {
      return c.json(
        { error: `seq must be a change number (1 or more), got "${text}"`, parameter: 'seq' },
        400,
      );
    }
    const before = c.req.query('before');
    if (before !== undefined && before !== '0' && before !== '1') {
      return c.json({ error: `before must be 1 or 0, got "${before}"`, parameter: 'before' }, 400);
    }
    const storage = relay.storage;
    if (!isHistoryStore(storage)) return c.json({ error: 'This server keeps no history.' }, 404);
    // The change itself must be kept, even for the state right before it.
    let state = await storage.stateAt(found.room, seq);
    if (state.ok && before === '1') state = await storage.stateAt(found.room, seq - 1);
    if (!state.ok) {
      if (state.problem === 'unknown') {
        return c.json({ error: `Cycle ${found.cycle} has no change number ${seq}.` }, 404);
      }
      const since = state.keptSince ? ` before ${state.keptSince.slice(0, 10)}` : ' this old';
      return c.json(
        {
          error: `Changes${since} are no longer kept (retention: ${retentionWords(retentionDays)}).`,
          keptSince: state.keptSince,
        },
        404,
      );
    }
    return c.body(state.update as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/octet-stream',
    });
  });

  return routes;
}
