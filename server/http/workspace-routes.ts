import { Hono } from 'hono';
import { NAME_PATTERN } from '../auth/tokens.ts';
import type { Logger } from '../log.ts';
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
 * `{ workspace, cycles: [{ cycle, title, closedAt? }] }`, every cycle the server created
 * for the workspace, newest first, titled as the cycle document is (`meta.title`, else
 * `S&OP cycle <cycle>`). Read from the cycle index alone: no room is loaded, however
 * many cycles there are. 401 without a valid, unrevoked token, 403 for another
 * workspace's invite, 404 for a name that cannot be a workspace.
 */
export function createWorkspaceApiRoutes(relay: Relay, secret: string, _logger: Logger): Hono {
  const workspaces = new Hono();
  workspaces.get('/:workspace/cycles', async (c) => {
    c.header('Cache-Control', 'no-store');
    const bearer = checkBearer(c, secret, (id) => relay.isRevoked(id));
    if (!bearer.ok) return bearer.response;
    const workspace = c.req.param('workspace') ?? '';
    if (!NAME_PATTERN.test(workspace)) {
      return c.json({ error: `There is no workspace called "${workspace}"` }, 404);
    }
    if (bearer.invite.workspace !== workspace) {
      return c.json({ error: 'Forbidden: the invite is for another workspace' }, 403);
    }
    const entries = await relay.cycles.catalog.cycles(workspace);
    const cycles: CycleListing[] = entries.reverse().map((entry) => ({
      cycle: entry.cycle,
      title: entry.title || `S&OP cycle ${entry.cycle}`,
      ...(entry.closedAt !== null && { closedAt: entry.closedAt }),
    }));
    return c.json({ workspace, cycles });
  });
  return workspaces;
}
