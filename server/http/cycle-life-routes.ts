import { Hono, type Context } from 'hono';
import { NAME_PATTERN, type Invite } from '../auth/tokens.ts';
import type { Logger } from '../log.ts';
import {
  addStandardAgenda,
  checkCycleFile,
  closeCycle,
  createCycleDoc,
  cycleHash,
  encodeDocState,
  applyDocUpdate,
  exportCycle,
  importCycle,
  hasPlan,
  importPlan,
  nextCycleId,
  readClosure,
  readCycleInfo,
  startNextCycle,
  type Closure,
  type NextCycleSummary,
} from '../../shared/doc/index.ts';
import {
  CHECKLIST_KEYS,
  closeChecklist,
  lineText,
  type ChecklistKey,
} from '../../shared/cycle/close-checklist.ts';
import { ACKNOWLEDGED_NAMES_KEPT } from '../../shared/schema/root-values.ts';
import { monthRange } from '../../shared/dates.ts';
import { isMonth, PLAN_FORMAT, PLAN_VERSION, type Plan } from '../../shared/engine/index.ts';
import { checkBearer } from './bearer.ts';
import { cycleStateOf } from '../sync/cycle-index.ts';
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
 * - `POST /api/workspaces/<w>/cycles/<cycle>/next` (facilitator), body optionally
 *   `{ acknowledge: [<checklist key>...] }`: closes the cycle (frozen, with its content
 *   hash) and starts the next one from it; answers
 *   `{ closed: { cycle, hash, closedAt }, next: NextCycleSummary }`. The server computes
 *   the cycle's close checklist from the stored cycle: while a line has something open
 *   that the body does not acknowledge, it answers 409 with `checklist` (the open lines)
 *   and closes nothing; an acknowledgement is recorded with the closure (who, when, what
 *   was open). A retry after a failure half way finishes the job; a cycle whose next
 *   cycle exists answers 409.
 * - `GET /api/workspaces/<w>/cycles/<cycle>/cycle.json`: the whole cycle as a cycle file.
 * - `POST /api/workspaces/<w>/cycles/import` (facilitator), body a cycle file: a new
 *   cycle from it (its month from the file's plan); 409 when that cycle exists, 413
 *   past `MAX_IMPORT_BYTES` (64 MiB by default: a 2,000-family cycle is about 10 MB).
 * - `POST /api/workspaces/<w>/cycles` (facilitator), body `{ cycle, title }`: a new,
 *   empty cycle (its horizon {@link NEW_CYCLE_MONTHS} months from `cycle`, the standard
 *   agenda); answers `{ cycle, title }`, 409 when it exists, 400 naming what is wrong.
 * These, and the demo workspace at start, are the only ways a cycle comes to exist: each
 * adds it to the cycle index, which the relay admits connections by.
 */
export function createCycleLifeRoutes(relay: Relay, secret: string, logger: Logger): Hono {
  const routes = new Hono();

  routes.post('/:workspace/cycles/:cycle/next', (c) =>
    answer(c, relay, secret, 'facilitator', async (invite, workspace) => {
      const cycle = monthParam(c.req.param('cycle'));
      await mustExist(relay, workspace, cycle);
      const room = relay.rooms.get(`${workspace}/${cycle}`);
      const next = nextCycleId(cycle);
      const nextRoom = relay.rooms.get(`${workspace}/${next}`);
      if (await nextRoom.read(hasPlan)) {
        throw new Refusal(409, `Cycle ${next} has already started.`, { next });
      }
      const acknowledged = await acknowledgedKeys(c);
      const closed = await room.command(async (doc) => {
        if (!hasPlan(doc)) throw new Refusal(404, `Cycle ${cycle} holds no plan to roll over.`);
        const earlier = readClosure(doc);
        if (earlier) return { closure: earlier, file: encodeDocState(doc) };
        // The checklist of the cycle as stored, never as a page says it is.
        const { open } = closeChecklist(doc);
        const unacknowledged = open.filter((line) => !acknowledged.has(line.key));
        if (unacknowledged.length > 0) {
          throw new Refusal(
            409,
            `Cycle ${cycle} has items left open: ${unacknowledged.map((line) => lineText(line)).join('; ')}. Acknowledge them to start ${next} anyway.`,
            { checklist: open },
          );
        }
        const hash = await cycleHash(doc);
        const closedAt = new Date().toISOString();
        const closure: Closure = { closedAt, closedBy: invite.name, hash, nextCycle: next };
        if (open.length > 0) {
          closure.acknowledgement = {
            by: invite.name,
            at: closedAt,
            open: open.map(({ key, label, count, names }) => ({
              key,
              label,
              count,
              names: names.slice(0, ACKNOWLEDGED_NAMES_KEPT),
            })),
          };
        }
        closeCycle(doc, closure);
        return { closure, file: encodeDocState(doc) };
      }, 'close');
      const from = createCycleDoc();
      let summary: NextCycleSummary;
      try {
        applyDocUpdate(from, closed.file, 'server');
        summary = await nextRoom.command((doc) => {
          if (hasPlan(doc)) throw new Refusal(409, `Cycle ${next} has already started.`, { next });
          return startNextCycle(from, doc, closed.closure.hash);
        }, 'next-cycle');
      } finally {
        from.destroy();
      }
      await relay.cycles.refresh(room);
      await relay.cycles.create(workspace, next, await nextRoom.read(cycleStateOf));
      logger.info('cycle.rolled-over', { workspace, closed: cycle, next, by: invite.name });
      return {
        closed: { cycle, hash: closed.closure.hash, closedAt: closed.closure.closedAt },
        next: summary,
      };
    }),
  );

  routes.get('/:workspace/cycles/:cycle/cycle.json', (c) =>
    answer(c, relay, secret, 'viewer', async (_invite, workspace) => {
      const cycle = monthParam(c.req.param('cycle'));
      await mustExist(relay, workspace, cycle);
      const file = await relay.rooms
        .get(`${workspace}/${cycle}`)
        .read((doc) => (hasPlan(doc) ? exportCycle(doc) : null));
      if (!file) throw new Refusal(404, `There is no cycle ${cycle} in this workspace.`);
      c.header('Content-Disposition', `attachment; filename="cycle-${workspace}-${cycle}.json"`);
      return file;
    }),
  );

  routes.post('/:workspace/cycles/import', (c) =>
    answer(c, relay, secret, 'facilitator', async (invite, workspace) => {
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
      }, 'import');
      await relay.cycles.create(workspace, cycle, await room.read(cycleStateOf));
      logger.info('cycle.imported', { workspace, cycle, by: invite.name });
      return { cycle, title: await room.read((doc) => readCycleInfo(doc).title) };
    }),
  );

  routes.post('/:workspace/cycles', (c) =>
    answer(c, relay, secret, 'facilitator', async (invite, workspace) => {
      let input: unknown;
      try {
        input = await c.req.json();
      } catch {
        throw new Refusal(
          400,
          'The body is not JSON: send { "cycle": "YYYY-MM", "title": "..." }.',
        );
      }
      const { cycle, title } = newCycleInput(input);
      // The index entry first: adding it is atomic in the store, so of two facilitators
      // (on two processes) creating the same cycle at once, exactly one writes its plan.
      if (!(await relay.cycles.create(workspace, cycle, { title, closedAt: null }))) {
        throw new Refusal(409, `Cycle ${cycle} already exists in this workspace.`, { cycle });
      }
      const room = relay.rooms.get(`${workspace}/${cycle}`);
      await room.command((doc) => {
        if (hasPlan(doc)) {
          throw new Refusal(409, `Cycle ${cycle} already exists in this workspace.`, { cycle });
        }
        importPlan(doc, blankPlan(cycle), title);
        addStandardAgenda(doc);
      }, 'new-cycle');
      logger.info('cycle.created', { workspace, cycle, by: invite.name });
      return { cycle, title };
    }),
  );

  return routes;
}

/** Checks the token and the role, runs `handle`, and answers JSON (errors as `{ error }`). */
async function answer(
  c: Context,
  relay: Relay,
  secret: string,
  needs: 'facilitator' | 'viewer',
  handle: (invite: Invite, workspace: string) => Promise<unknown>,
): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  const bearer = checkBearer(c, secret, (id) => relay.isRevoked(id));
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

/**
 * The checklist lines the request acknowledges as left open: `{ acknowledge: [key...] }`;
 * none when the body is empty. A body that is not that shape answers 400.
 */
async function acknowledgedKeys(c: Context): Promise<Set<ChecklistKey>> {
  const text = await c.req.text();
  if (text.trim() === '') return new Set();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Refusal(400, 'The body is not JSON: send { "acknowledge": [...] } or nothing.');
  }
  const keys = (body as { acknowledge?: unknown } | null)?.acknowledge;
  const known = (key: unknown): key is ChecklistKey =>
    (CHECKLIST_KEYS as readonly unknown[]).includes(key);
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    Object.keys(body).some((key) => key !== 'acknowledge') ||
    !Array.isArray(keys) ||
    !keys.every(known)
  ) {
    throw new Refusal(
      400,
      `The acknowledgement is not valid: send { "acknowledge": [...] } naming lines of the checklist (${CHECKLIST_KEYS.join(', ')}).`,
    );
  }
  return new Set(keys);
}

/** The months a new cycle's horizon holds, from its own month on. */
export const NEW_CYCLE_MONTHS = 18;

/** The longest title of a cycle (as `setTitle` allows). */
const MAX_TITLE = 200;

/** Refuses (404) a cycle the server never created, before any room is loaded for it. */
async function mustExist(relay: Relay, workspace: string, cycle: string): Promise<void> {
  if (!(await relay.cycles.exists(workspace, cycle))) {
    throw new Refusal(404, `There is no cycle ${cycle} in this workspace.`);
  }
}

/** The `{ cycle, title }` of a new cycle, or a 400 naming every problem. */
function newCycleInput(input: unknown): { cycle: string; title: string } {
  const body = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push('the body must be an object: { "cycle": "YYYY-MM", "title": "..." }');
  }
  const cycle = body.cycle;
  if (!isMonth(cycle)) {
    problems.push(
      `cycle must be a month written YYYY-MM, like 2027-01, got ${JSON.stringify(cycle ?? null)}`,
    );
  }
  const title = typeof body.title === 'string' ? body.title.trim() : '';
  if (title.length === 0 || title.length > MAX_TITLE) {
    problems.push(`title must be 1 to ${MAX_TITLE} characters`);
  }
  const unknown = Object.keys(body).filter((key) => key !== 'cycle' && key !== 'title');
  if (unknown.length > 0) problems.push(`unknown fields: ${unknown.join(', ')}`);
  if (problems.length > 0) {
    throw new Refusal(400, `The new cycle is not valid: ${problems.join('; ')}.`, { problems });
  }
  return { cycle: cycle as string, title };
}

/** The plan of a new, empty cycle: no families or resources yet, its horizon from `cycle`. */
function blankPlan(cycle: string): Plan {
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    cycle,
    currency: 'EUR',
    periods: monthRange(cycle as Parameters<typeof monthRange>[0], NEW_CYCLE_MONTHS),
    families: [],
    resources: [],
    loads: [],
    demand: {},
    supply: {},
    capacity: {},
    budget: {},
    history: {},
  };
}

function monthParam(value: string | undefined): string {
  if (!isMonth(value))
    throw new Refusal(404, `"${value ?? ''}" is not a cycle: cycles are months, YYYY-MM.`);
  return value;
}
