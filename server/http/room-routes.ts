import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { isEmptyDoc, type CycleDoc } from '../../shared/doc/index.ts';
import type { Relay } from '../sync/relay.ts';
import { checkBearer } from './bearer.ts';

/** Turns a room's document into the plan file (`docToPlan` from shared/doc). */
export type PlanExporter = (doc: CycleDoc) => unknown;

/**
 * Routes that read one room with `Authorization: Bearer <token>`, admitted as the relay
 * admits a connection: 401 without a valid, unrevoked token, 403 for another workspace,
 * 404 for a cycle the server never created.
 *
 * - `GET /api/rooms/<workspace>/<cycle>/plan.json`: the room's document as a plan file
 *   (404 for one with no plan).
 * - `GET /api/rooms/<workspace>/<cycle>/state`: the room's document as one Yjs update
 *   (`application/octet-stream`, gzipped when the client accepts it), what the relay's
 *   first sync would send. A page with no
 *   copy of the cycle on its device loads this while its socket opens, and applies it
 *   before anything listens to the document: the plan shows sooner, and the socket's
 *   sync then carries only what changed since. `<cycle>` may be `newest`: the
 *   workspace's newest cycle, so a first visit asks for it in the same moment as for
 *   the cycles list. The `Fulcrum-Cycle` header names the cycle either way. The state is
 *   encoded and compressed once per change to the room.
 */
export function createRoomApiRoutes(relay: Relay, secret: string, exportPlan: PlanExporter): Hono {
  const rooms = new Hono();
  rooms.get('/:workspace/:cycle/plan.json', async (c) => {
    const name = await admittedRoom(c, relay, secret);
    if (name instanceof Response) return name;
    const room = relay.rooms.get(name);
    const plan = await room.read((doc) => (isEmptyDoc(doc) ? null : exportPlan(doc)));
    if (plan === null) return c.json({ error: `The room ${room.name} has no plan yet` }, 404);
    return c.json(plan);
  });
  rooms.get('/:workspace/:cycle/state', async (c) => {
    const name = await admittedRoom(c, relay, secret);
    if (name instanceof Response) return name;
    const state = await stateOf(relay, name);
    c.header('Content-Type', 'application/octet-stream');
    c.header('Vary', 'Accept-Encoding');
    c.header(CYCLE_HEADER, name.slice(name.indexOf('/') + 1));
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip');
      return c.body(await gzipped(state));
    }
    // Yjs encodes into a fresh ArrayBuffer of its own, never a shared one.
    return c.body(state as Uint8Array<ArrayBuffer>);
  });
  return rooms;
}

const gzipAsync = promisify(gzip);

/** The header naming the cycle a state is of (the newest, when asked for that). */
export const CYCLE_HEADER = 'Fulcrum-Cycle';

/** What the state route takes for `<cycle>` to mean the workspace's newest cycle. */
export const NEWEST_CYCLE = 'newest';

// One compression per encoded state, shared by the first visits that ask for it.
const compressed = new WeakMap<Uint8Array, Promise<Uint8Array<ArrayBuffer>>>();

/**
 * A state gzipped at the fastest level: a 500-family cycle goes from 0.9 MB to about
 * 0.3 MB in a few milliseconds, off the relay's event loop.
 */
function gzipped(state: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  let done = compressed.get(state);
  if (!done) {
    done = gzipAsync(state, { level: 1 }) as Promise<Uint8Array<ArrayBuffer>>;
    compressed.set(state, done);
  }
  return done;
}

/**
 * A room's whole state. A room nobody has open is read from storage: compacted to one
 * snapshot, those bytes are its state, sent without loading the room (its socket loads
 * it, while the page decodes them).
 */
async function stateOf(relay: Relay, name: string): Promise<Uint8Array> {
  if (!relay.rooms.has(name)) {
    const stored = await relay.storage.load(name);
    if (stored.updates.length === 1) return stored.updates[0];
  }
  return relay.rooms.get(name).state();
}

/** The room a request may read, or the answer refusing it (never cached either way). */
async function admittedRoom(c: Context, relay: Relay, secret: string): Promise<string | Response> {
  c.header('Cache-Control', 'no-store');
  const bearer = checkBearer(c, secret, (id) => relay.isRevoked(id));
  if (!bearer.ok) return bearer.response;
  const workspace = c.req.param('workspace') ?? '';
  let cycle = c.req.param('cycle') ?? '';
  if (cycle === NEWEST_CYCLE && bearer.invite.workspace === workspace) {
    // Cycle ids are `YYYY-MM`: the greatest is the newest, as the home view opens it.
    const cycles = await relay.cycles.catalog.cycles(workspace);
    cycle = cycles.reduce((newest, entry) => (entry.cycle > newest ? entry.cycle : newest), '');
    if (!cycle) return c.json({ error: `The workspace ${workspace} has no cycle yet` }, 404);
  }
  const admission = await relay.admit({
    workspace,
    cycle,
    token: bearer.token,
    origin: null,
    host: null,
  });
  if (!admission.ok) {
    const status = admission.code === 4404 ? 404 : 403;
    return c.json({ error: admission.reason }, status);
  }
  return admission.room;
}
