import { Hono, type Context } from 'hono';
import { NAME_PATTERN, type Invite } from '../auth/tokens.ts';
import type { Logger } from '../log.ts';
import {
  checkCycleFile,
  closeCycle,
  createCycleDoc,
  cycleHash,
  encodeDocState,
  applyDocUpdate,
  exportCycle,
  importCycle,
  hasPlan,
  nextCycleId,
  readClosure,
  readCycleInfo,
  startNextCycle,
  type NextCycleSummary,
} from '../../shared/doc/index.ts';
import { isMonth } from '../../shared/engine/index.ts';
import { checkBearer } from './bearer.ts';
import type { Relay } from '../sync/relay.ts';

/** A request the server answers with a status and a sentence for the person. */
class Refusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * The cycle's life over HTTP, all with `Authorization: Bearer <invite token>` of the
 * workspace:
 * - `POST /api/workspaces/<w>/cycles/<cycle>/next` (facilitator): closes the cycle
 *   (frozen, with its content hash) and starts the next one from it; answers
 *   `{ closed: { cycle, hash, closedAt }, next: NextCycleSummary }`. A retry after a
 *   failure half way finishes the job; a cycle whose next cycle exists answers 409.
 * - `GET /api/workspaces/<w>/cycles/<cycle>/cycle.json`: the whole cycle as a cycle file.
 * - `POST /api/workspaces/<w>/cycles/import` (facilitator), body a cycle file: a new
 *   cycle from it (its month from the file's plan); 409 when that cycle exists, 413
 *   past `MAX_IMPORT_BYTES` (64 MiB by default: a 2,000-family cycle is about 10 MB).
 */
export function createCycleLifeRoutes(relay: Relay, secret: string, logger: Logger): Hono {
  const routes = new Hono();

  routes.post('/:workspace/cycles/:cycle/next', (c) =>
    answer(c, secret, 'facilitator', async (invite, workspace) => {
      const cycle = monthParam(c.req.param('cycle'));
      const room = relay.rooms.get(`${workspace}/${cycle}`);
      const next = nextCycleId(cycle);
      const nextRoom = relay.rooms.get(`${workspace}/${next}`);
      if (await nextRoom.read(hasPlan)) {
        throw new Refusal(409, `Cycle ${next} has already started.`, { next });
      }
      const closed = await room.command(async (doc) => {
        if (!hasPlan(doc)) throw new Refusal(404, `Cycle ${cycle} holds no plan to roll over.`);
        const earlier = readClosure(doc);
        if (earlier) return { closure: earlier, file: encodeDocState(doc) };
        const hash = await cycleHash(doc);
        const closure = {
          closedAt: new Date().toISOString(),
          closedBy: invite.name,
          hash,
          nextCycle: next,
        };
        closeCycle(doc, closure);
        return { closure, file: encodeDocState(doc) };
      });
      const from = createCycleDoc();
      let summary: NextCycleSummary;
      try {
        applyDocUpdate(from, closed.file, 'server');
        summary = await nextRoom.command((doc) => {
          if (hasPlan(doc)) throw new Refusal(409, `Cycle ${next} has already started.`, { next });
          return startNextCycle(from, doc, closed.closure.hash);
        });
      } finally {
        from.destroy();
      }
      logger.info('cycle.rolled-over', { workspace, closed: cycle, next, by: invite.name });
      return {
        closed: { cycle, hash: closed.closure.hash, closedAt: closed.closure.closedAt },
        next: summary,
      };
    }),
  );

  routes.get('/:workspace/cycles/:cycle/cycle.json', (c) =>
    answer(c, secret, 'viewer', async (_invite, workspace) => {
      const cycle = monthParam(c.req.param('cycle'));
      const file = await relay.rooms
        .get(`${workspace}/${cycle}`)
        .read((doc) => (hasPlan(doc) ? exportCycle(doc) : null));
      if (!file) throw new Refusal(404, `There is no cycle ${cycle} in this workspace.`);
      c.header('Content-Disposition', `attachment; filename="cycle-${workspace}-${cycle}.json"`);
      return file;
    }),
  );

  routes.post('/:workspace/cycles/import', (c) =>
    answer(c, secret, 'facilitator', async (invite, workspace) => {
      // The app's body limit (MAX_IMPORT_BYTES) has already refused a larger file.
      let input: unknown;
      try {
        input = await c.req.json();
      } catch {
        throw new Refusal(400, 'The body is not JSON: send a cycle file (fulcrum.cycle).');
      }
      const problems = checkCycleFile(input);
      if (problems.length > 0) {
        throw new Refusal(400, 'The cycle file has problems.', { problems });
      }
      const cycle = monthParam((input as { plan: { cycle: string } }).plan.cycle);
      const room = relay.rooms.get(`${workspace}/${cycle}`);
      await room.command((doc) => {
        if (hasPlan(doc)) {
          throw new Refusal(409, `Cycle ${cycle} already exists in this workspace.`, { cycle });
        }
        importCycle(doc, input);
      });
      logger.info('cycle.imported', { workspace, cycle, by: invite.name });
      return { cycle, title: await room.read((doc) => readCycleInfo(doc).title) };
    }),
  );

  return routes;
}

/** Checks the token and the role, runs `handle`, and answers JSON (errors as `{ error }`). */
async function answer(
  c: Context,
  secret: string,
  needs: 'facilitator' | 'viewer',
  handle: (invite: Invite, workspace: string) => Promise<unknown>,
): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  const bearer = checkBearer(c, secret);
  if (!bearer.ok) return bearer.response;
  const workspace = c.req.param('workspace') ?? '';
  try {
    if (!NAME_PATTERN.test(workspace)) {
      throw new Refusal(404, `There is no workspace called "${workspace}".`);
    }
    if (bearer.invite.workspace !== workspace) {
      throw new Refusal(403, 'Forbidden: the invite is for another workspace.');
    }
    if (needs === 'facilitator' && bearer.invite.role !== 'facilitator') {
      throw new Refusal(403, 'Only a facilitator can do this: ask the person who runs the cycle.');
    }
    return c.json(await handle(bearer.invite, workspace));
  } catch (error) {
    if (error instanceof Refusal)
      return c.json({ error: error.message, ...error.extra }, error.status);
    throw error;
  }
}

function monthParam(value: string | undefined): string {
  if (!isMonth(value))
    throw new Refusal(404, `"${value ?? ''}" is not a cycle: cycles are months, YYYY-MM.`);
  return value;
}
