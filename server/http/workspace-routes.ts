import { Hono } from 'hono';
import { NAME_PATTERN } from '../auth/tokens.ts';
import type { Logger } from '../log.ts';
import {
  docFromUpdates,
  readClosure,
  readCycleInfo,
  type CycleDoc,
} from '../../shared/doc/index.ts';
import { checkBearer } from './bearer.ts';
import type { Relay } from '../sync/relay.ts';

/** One cycle of a workspace as the cycles list gives it. */
export interface CycleListing {
  cycle: string;
  title: string;
  /** When the cycle was closed (frozen); absent while it is open. */
  closedAt?: string;
}

/**
 * `GET /api/workspaces/<workspace>/cycles` with `Authorization: Bearer <invite token>`:
 * `{ workspace, cycles: [{ cycle, title }] }`, every cycle the server holds for the
 * workspace, newest first, titled from the cycle document (`meta.title`, else
 * `S&OP cycle <cycle>`). 401 without a valid token, 403 for another workspace's
 * invite, 404 for a name that cannot be a workspace.
 */
export function createWorkspaceApiRoutes(relay: Relay, secret: string, logger: Logger): Hono {
  const workspaces = new Hono();
  workspaces.get('/:workspace/cycles', async (c) => {
    c.header('Cache-Control', 'no-store');
    const bearer = checkBearer(c, secret);
    if (!bearer.ok) return bearer.response;
    const workspace = c.req.param('workspace') ?? '';
    if (!NAME_PATTERN.test(workspace)) {
      return c.json({ error: `There is no workspace called "${workspace}"` }, 404);
    }
    if (bearer.invite.workspace !== workspace) {
      return c.json({ error: 'Forbidden: the invite is for another workspace' }, 403);
    }
    const prefix = `${workspace}/`;
    const cycles: CycleListing[] = [];
    for (const room of await relay.storage.rooms(prefix)) {
      const cycle = room.slice(prefix.length);
      if (!NAME_PATTERN.test(cycle)) continue;
      cycles.push({ cycle, ...(await readListing(relay, room, cycle, logger)) });
    }
    cycles.sort((a, b) => (a.cycle < b.cycle ? 1 : a.cycle > b.cycle ? -1 : 0));
    return c.json({ workspace, cycles });
  });
  return workspaces;
}

/**
 * The cycle's title and closing time: from its loaded room when it is open (no second copy), else from the
 * store (everything the relay accepted is stored before anyone sees it, so the store is
 * never behind). One room at a time, so listing many cycles never holds them all.
 */
async function readListing(
  relay: Relay,
  room: string,
  cycle: string,
  logger: Logger,
): Promise<Omit<CycleListing, 'cycle'>> {
  const fallback = { title: `S&OP cycle ${cycle}` };
  const listing = (doc: CycleDoc) => {
    const closedAt = readClosure(doc)?.closedAt;
    return { title: titleOf(doc) ?? fallback.title, ...(closedAt && { closedAt }) };
  };
  if (relay.rooms.has(room)) return relay.rooms.get(room).read(listing);
  const stored = await relay.storage.load(room);
  let doc: CycleDoc | undefined;
  try {
    doc = docFromUpdates(stored.updates);
    return listing(doc);
  } catch (error) {
    // The room itself reports its damage when someone opens it; the list still answers.
    logger.warn('cycles.title-unreadable', {
      room,
      error: error instanceof Error ? error.message : String(error),
    });
    return fallback;
  } finally {
    doc?.destroy();
  }
}

function titleOf(doc: CycleDoc): string | null {
  const title = readCycleInfo(doc).title;
  return title.trim() !== '' ? title : null;
}
