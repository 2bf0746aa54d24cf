import { Hono, type Context } from 'hono';
import { PeopleDirectory, personJson, readPersonEdit, type Person } from '../auth/people.ts';
import { NAME_PATTERN, type Invite } from '../auth/tokens.ts';
import { DEMO_PEOPLE, DEMO_WORKSPACE_ID } from '../demo-workspace.ts';
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
export function createWorkspaceApiRoutes(
  relay: Relay,
  secret: string,
  _logger: Logger,
  people?: PeopleDirectory,
): Hono {
  const workspaces = new Hono();
  if (people) addPeopleRoutes(workspaces, relay, secret, people);
  workspaces.get('/:workspace/cycles', async (c) => {
    const found = workspaceCaller(c, relay, secret);
    if (found instanceof Response) return found;
    const { workspace } = found;
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

/**
 * The people routes, with `Authorization: Bearer <invite token>` of the workspace:
 * - `GET /api/workspaces/<w>/people`: `{ workspace, people: [{ id, name, role, functions }] }`
 *   by name, any role. The caller's own invite is recorded first (so everyone who opened
 *   the workspace is listed), and the demo workspace starts with its six people.
 * - `PATCH /api/workspaces/<w>/people/<id>` with `{ name?, functions? }`: the facilitator
 *   corrects a person; anyone else gets 403. 400 names a bad field, 404 an unknown person.
 * 401 without a valid, unrevoked token, 403 for another workspace's invite.
 */
function addPeopleRoutes(
  workspaces: Hono,
  relay: Relay,
  secret: string,
  people: PeopleDirectory,
): void {
  workspaces.get('/:workspace/people', async (c) => {
    const found = workspaceCaller(c, relay, secret);
    if (found instanceof Response) return found;
    const { invite, workspace } = found;
    let list = await people.list(workspace);
    if (list === null && workspace === DEMO_WORKSPACE_ID) {
      list = await people.recordInvites(workspace, DEMO_PEOPLE);
    }
    if (!knowsInvite(list ?? [], invite)) list = await people.recordInvites(workspace, [invite]);
    const sorted = (await people.list(workspace)) ?? list ?? [];
    return c.json({ workspace, people: sorted.map(personJson) });
  });

  workspaces.patch('/:workspace/people/:id', async (c) => {
    const found = workspaceCaller(c, relay, secret);
    if (found instanceof Response) return found;
    if (found.invite.role !== 'facilitator') {
      return c.json(
        { error: "Only the facilitator changes the workspace's people: names and functions." },
        403,
      );
    }
    const body: unknown = await c.req.json().catch(() => null);
    const read = readPersonEdit(body);
    if (!read.ok) return c.json({ error: read.error }, 400);
    const id = c.req.param('id') ?? '';
    const person = await people.edit(found.workspace, id, read.edit);
    if (!person) return c.json({ error: `This workspace has no person "${id}".` }, 404);
    return c.json({ person: personJson(person) });
  });
}

/**
 * The caller of a workspace route once its token (valid, unrevoked) and the workspace
 * in the address (a possible name, the invite's own) are checked; else the answer to
 * give: 401, 404 or 403. Never cached.
 */
function workspaceCaller(
  c: Context,
  relay: Relay,
  secret: string,
): { invite: Invite; workspace: string } | Response {
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
  return { invite: bearer.invite, workspace };
}

/** True when the invite's person is recorded with the invite's role and functions. */
function knowsInvite(list: readonly Person[], invite: Invite): boolean {
  const name = invite.name.trim().toLowerCase();
  const person = list.find((known) => known.invitedAs.trim().toLowerCase() === name);
  return (
    person !== undefined &&
    person.role === invite.role &&
    (person.edited?.functions === true || person.functions.join(',') === invite.functions.join(','))
  );
}
